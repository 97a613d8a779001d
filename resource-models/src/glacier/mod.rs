//! Amazon S3 Glacier: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(rboto_models_d_m, glacier, "2012-06-01", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "glacier",
    models = "models/glacier/2012-06-01",
    crate = "crate"
);
