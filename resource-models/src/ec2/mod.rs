//! Amazon EC2: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point), with the two tag
//! actions boto3 writes by hand ([`ext`]).

service_model!(rboto_models_d_m, ec2, "2016-11-15", resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "ec2",
    crate = "crate",
    models = "models/ec2/2016-11-15",
    skip = ["service.actions.CreateTags"]
);

pub mod ext;
