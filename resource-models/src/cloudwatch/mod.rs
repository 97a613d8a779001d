//! Amazon CloudWatch: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(rboto_models_a_c, cloudwatch, "2010-08-01", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "cloudwatch",
    crate = "crate",
    models = "models/cloudwatch/2010-08-01"
);
