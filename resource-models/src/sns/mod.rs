//! Amazon SNS: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(rboto_models_n_z, sns, "2010-03-31", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "sns",
    models = "models/sns/2010-03-31",
    crate = "crate"
);
