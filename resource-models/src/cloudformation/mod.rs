//! AWS CloudFormation: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(rboto_models_a_c, cloudformation, "2010-05-15", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "cloudformation",
    crate = "crate",
    models = "models/cloudformation/2010-05-15"
);
