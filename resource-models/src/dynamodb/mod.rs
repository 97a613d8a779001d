//! Amazon DynamoDB: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(dynamodb, "2012-08-10", waiters: yes, resources: yes);

rboto_resources_derive::rboto_resources!(
    service = "dynamodb",
    models = "models/dynamodb/2012-08-10"
);

mod batch_ext;
