//! Amazon SNS: the embedded model ([`model()`]) and the typed resources generated from
//! boto3's resource definition ([`ServiceResource`] is the entry point).

service_model!(sns, "2010-03-31", waiters: no, resources: yes);

rboto_resources_derive::rboto_resources!(service = "sns", models = "models/sns/2010-03-31");
