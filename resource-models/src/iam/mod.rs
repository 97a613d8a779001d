//! AWS Identity and Access Management: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(rboto_models_d_m, iam, "2010-05-08", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "iam",
    models = "models/iam/2010-05-08",
    crate = "crate"
);
