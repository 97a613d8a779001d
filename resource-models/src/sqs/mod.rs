//! Amazon SQS: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(rboto_models_n_z, sqs, "2012-11-05", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "sqs",
    models = "models/sqs/2012-11-05",
    crate = "crate"
);
