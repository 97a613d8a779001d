//! AWS's API models of the services named `n*` to `z*`, written by
//! `scripts/import-models`: one module per service, behind the cargo feature of the same
//! name, each with the gzip-compressed model files as [`ModelSource`] (`MODEL`) and the
//! model parsed on first use (`model()`). A build embeds only the services it enables.
//!
//! The model files are botocore's (version 1.44.5), Apache-2.0; see `NOTICE`.
#![warn(missing_docs)]

#[allow(unused_imports)]
use rboto_runtime::model::{ModelSource, ServiceModel};

#[allow(unused_macros)]
macro_rules! service {
    ($module:ident, $name:literal, $version:literal, $paginators:ident, $waiters:ident) => {
        #[doc = concat!("The `", $name, "` model, API version ", $version, ".")]
        pub mod $module {
            use super::*;

            /// The API version of the embedded model.
            pub const API_VERSION: &str = $version;

            /// The embedded model files, gzip-compressed.
            pub const MODEL: ModelSource = ModelSource::gzipped(
                $name,
                include_bytes!(concat!(
                    "../models/",
                    $name,
                    "/",
                    $version,
                    "/service-2.json.gz"
                )),
                packed_file!($name, $version, "paginators-1", $paginators),
                packed_file!($name, $version, "waiters-2", $waiters),
                Some(include_bytes!(concat!(
                    "../models/",
                    $name,
                    "/",
                    $version,
                    "/endpoint-rule-set-1.json.gz"
                ))),
            );

            static PARSED: std::sync::LazyLock<ServiceModel> = std::sync::LazyLock::new(|| {
                ServiceModel::from_source(&MODEL)
                    .unwrap_or_else(|e| panic!("the embedded model does not parse: {e}"))
            });

            /// The parsed model: decompressed and parsed on the first call, shared (cheaply
            /// cloned) after.
            pub fn model() -> ServiceModel {
                PARSED.clone()
            }
        }
    };
}

#[allow(unused_macros)]
macro_rules! packed_file {
    ($name:literal, $version:literal, $stem:literal, yes) => {
        Some(include_bytes!(concat!(
            "../models/",
            $name,
            "/",
            $version,
            "/",
            $stem,
            ".json.gz"
        )))
    };
    ($name:literal, $version:literal, $stem:literal, no) => {
        None
    };
}

#[cfg(feature = "neptune")]
service!(neptune, "neptune", "2014-10-31", yes, yes);
#[cfg(feature = "neptune_graph")]
service!(neptune_graph, "neptune-graph", "2023-11-29", yes, yes);
#[cfg(feature = "neptunedata")]
service!(neptunedata, "neptunedata", "2023-08-01", yes, no);
#[cfg(feature = "network_firewall")]
service!(network_firewall, "network-firewall", "2020-11-12", yes, yes);
#[cfg(feature = "network_security_manager")]
service!(
    network_security_manager,
    "network-security-manager",
    "2025-10-30",
    yes,
    yes
);
#[cfg(feature = "networkflowmonitor")]
service!(
    networkflowmonitor,
    "networkflowmonitor",
    "2023-04-19",
    yes,
    yes
);
#[cfg(feature = "networkmanager")]
service!(networkmanager, "networkmanager", "2019-07-05", yes, no);
#[cfg(feature = "networkmonitor")]
service!(networkmonitor, "networkmonitor", "2023-08-01", yes, yes);
#[cfg(feature = "notifications")]
service!(notifications, "notifications", "2018-05-10", yes, yes);
#[cfg(feature = "notificationscontacts")]
service!(
    notificationscontacts,
    "notificationscontacts",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "nova_act")]
service!(nova_act, "nova-act", "2025-08-22", yes, yes);
#[cfg(feature = "oam")]
service!(oam, "oam", "2022-06-10", yes, no);
#[cfg(feature = "observabilityadmin")]
service!(
    observabilityadmin,
    "observabilityadmin",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "odb")]
service!(odb, "odb", "2024-08-20", yes, yes);
#[cfg(feature = "omics")]
service!(omics, "omics", "2022-11-28", yes, yes);
#[cfg(feature = "opensearch")]
service!(opensearch, "opensearch", "2021-01-01", yes, no);
#[cfg(feature = "opensearchmemory")]
service!(opensearchmemory, "opensearchmemory", "2026-08-24", yes, yes);
#[cfg(feature = "opensearchserverless")]
service!(
    opensearchserverless,
    "opensearchserverless",
    "2021-11-01",
    yes,
    yes
);
#[cfg(feature = "organizations")]
service!(organizations, "organizations", "2016-11-28", yes, no);
#[cfg(feature = "osis")]
service!(osis, "osis", "2022-01-01", yes, no);
#[cfg(feature = "outposts")]
service!(outposts, "outposts", "2019-12-03", yes, no);
#[cfg(feature = "partnercentral_account")]
service!(
    partnercentral_account,
    "partnercentral-account",
    "2025-04-04",
    yes,
    yes
);
#[cfg(feature = "partnercentral_benefits")]
service!(
    partnercentral_benefits,
    "partnercentral-benefits",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "partnercentral_channel")]
service!(
    partnercentral_channel,
    "partnercentral-channel",
    "2024-03-18",
    yes,
    yes
);
#[cfg(feature = "partnercentral_revenue_measurement")]
service!(
    partnercentral_revenue_measurement,
    "partnercentral-revenue-measurement",
    "2022-07-26",
    yes,
    yes
);
#[cfg(feature = "partnercentral_selling")]
service!(
    partnercentral_selling,
    "partnercentral-selling",
    "2022-07-26",
    yes,
    yes
);
#[cfg(feature = "payment_cryptography")]
service!(
    payment_cryptography,
    "payment-cryptography",
    "2021-09-14",
    yes,
    yes
);
#[cfg(feature = "payment_cryptography_data")]
service!(
    payment_cryptography_data,
    "payment-cryptography-data",
    "2022-02-03",
    yes,
    yes
);
#[cfg(feature = "pca_connector_ad")]
service!(pca_connector_ad, "pca-connector-ad", "2018-05-10", yes, no);
#[cfg(feature = "pca_connector_scep")]
service!(
    pca_connector_scep,
    "pca-connector-scep",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "pcs")]
service!(pcs, "pcs", "2023-02-10", yes, yes);
#[cfg(feature = "personalize")]
service!(personalize, "personalize", "2018-05-22", yes, no);
#[cfg(feature = "personalize_events")]
service!(
    personalize_events,
    "personalize-events",
    "2018-03-22",
    yes,
    no
);
#[cfg(feature = "personalize_runtime")]
service!(
    personalize_runtime,
    "personalize-runtime",
    "2018-05-22",
    yes,
    no
);
#[cfg(feature = "pi")]
service!(pi, "pi", "2018-02-27", yes, no);
#[cfg(feature = "pinpoint")]
service!(pinpoint, "pinpoint", "2016-12-01", no, no);
#[cfg(feature = "pinpoint_email")]
service!(pinpoint_email, "pinpoint-email", "2018-07-26", yes, no);
#[cfg(feature = "pinpoint_sms_voice")]
service!(
    pinpoint_sms_voice,
    "pinpoint-sms-voice",
    "2018-09-05",
    no,
    no
);
#[cfg(feature = "pinpoint_sms_voice_v2")]
service!(
    pinpoint_sms_voice_v2,
    "pinpoint-sms-voice-v2",
    "2022-03-31",
    yes,
    yes
);
#[cfg(feature = "pipes")]
service!(pipes, "pipes", "2015-10-07", yes, yes);
#[cfg(feature = "polly")]
service!(polly, "polly", "2016-06-10", yes, no);
#[cfg(feature = "pricing")]
service!(pricing, "pricing", "2017-10-15", yes, yes);
#[cfg(feature = "pricing_plan_manager")]
service!(
    pricing_plan_manager,
    "pricing-plan-manager",
    "2025-08-05",
    yes,
    no
);
#[cfg(feature = "proton")]
service!(proton, "proton", "2020-07-20", yes, yes);
#[cfg(feature = "qapps")]
service!(qapps, "qapps", "2023-11-27", yes, yes);
#[cfg(feature = "qbusiness")]
service!(qbusiness, "qbusiness", "2023-11-27", yes, yes);
#[cfg(feature = "qconnect")]
service!(qconnect, "qconnect", "2020-10-19", yes, yes);
#[cfg(feature = "quicksight")]
service!(quicksight, "quicksight", "2018-04-01", yes, no);
#[cfg(feature = "ram")]
service!(ram, "ram", "2018-01-04", yes, no);
#[cfg(feature = "rbin")]
service!(rbin, "rbin", "2021-06-15", yes, no);
#[cfg(feature = "rds")]
service!(rds, "rds", "2014-10-31", yes, yes);
#[cfg(feature = "rds_data")]
service!(rds_data, "rds-data", "2018-08-01", yes, no);
#[cfg(feature = "redshift")]
service!(redshift, "redshift", "2012-12-01", yes, yes);
#[cfg(feature = "redshift_data")]
service!(redshift_data, "redshift-data", "2019-12-20", yes, no);
#[cfg(feature = "redshift_serverless")]
service!(
    redshift_serverless,
    "redshift-serverless",
    "2021-04-21",
    yes,
    no
);
#[cfg(feature = "rekognition")]
service!(rekognition, "rekognition", "2016-06-27", yes, yes);
#[cfg(feature = "repostspace")]
service!(repostspace, "repostspace", "2022-05-13", yes, yes);
#[cfg(feature = "resiliencehub")]
service!(resiliencehub, "resiliencehub", "2020-04-30", yes, no);
#[cfg(feature = "resiliencehubv2")]
service!(resiliencehubv2, "resiliencehubv2", "2026-02-17", yes, yes);
#[cfg(feature = "resource_explorer_2")]
service!(
    resource_explorer_2,
    "resource-explorer-2",
    "2022-07-28",
    yes,
    yes
);
#[cfg(feature = "resource_groups")]
service!(resource_groups, "resource-groups", "2017-11-27", yes, no);
#[cfg(feature = "resourcegroupstaggingapi")]
service!(
    resourcegroupstaggingapi,
    "resourcegroupstaggingapi",
    "2017-01-26",
    yes,
    no
);
#[cfg(feature = "rolesanywhere")]
service!(rolesanywhere, "rolesanywhere", "2018-05-10", yes, yes);
#[cfg(feature = "route53")]
service!(route53, "route53", "2013-04-01", yes, yes);
#[cfg(feature = "route53_recovery_cluster")]
service!(
    route53_recovery_cluster,
    "route53-recovery-cluster",
    "2019-12-02",
    yes,
    no
);
#[cfg(feature = "route53_recovery_control_config")]
service!(
    route53_recovery_control_config,
    "route53-recovery-control-config",
    "2020-11-02",
    yes,
    yes
);
#[cfg(feature = "route53_recovery_readiness")]
service!(
    route53_recovery_readiness,
    "route53-recovery-readiness",
    "2019-12-02",
    yes,
    no
);
#[cfg(feature = "route53domains")]
service!(route53domains, "route53domains", "2014-05-15", yes, no);
#[cfg(feature = "route53globalresolver")]
service!(
    route53globalresolver,
    "route53globalresolver",
    "2022-09-27",
    yes,
    yes
);
#[cfg(feature = "route53profiles")]
service!(route53profiles, "route53profiles", "2018-05-10", yes, yes);
#[cfg(feature = "route53resolver")]
service!(route53resolver, "route53resolver", "2018-04-01", yes, no);
#[cfg(feature = "rtbfabric")]
service!(rtbfabric, "rtbfabric", "2023-05-15", yes, yes);
#[cfg(feature = "rum")]
service!(rum, "rum", "2018-05-10", yes, yes);
#[cfg(feature = "s3")]
service!(s3, "s3", "2006-03-01", yes, yes);
#[cfg(feature = "s3control")]
service!(s3control, "s3control", "2018-08-20", yes, no);
#[cfg(feature = "s3files")]
service!(s3files, "s3files", "2025-05-05", yes, yes);
#[cfg(feature = "s3outposts")]
service!(s3outposts, "s3outposts", "2017-07-25", yes, no);
#[cfg(feature = "s3tables")]
service!(s3tables, "s3tables", "2018-05-10", yes, yes);
#[cfg(feature = "s3vectors")]
service!(s3vectors, "s3vectors", "2025-07-15", yes, yes);
#[cfg(feature = "sagemaker")]
service!(sagemaker, "sagemaker", "2017-07-24", yes, yes);
#[cfg(feature = "sagemaker_a2i_runtime")]
service!(
    sagemaker_a2i_runtime,
    "sagemaker-a2i-runtime",
    "2019-11-07",
    yes,
    no
);
#[cfg(feature = "sagemaker_edge")]
service!(sagemaker_edge, "sagemaker-edge", "2020-09-23", yes, no);
#[cfg(feature = "sagemaker_featurestore_runtime")]
service!(
    sagemaker_featurestore_runtime,
    "sagemaker-featurestore-runtime",
    "2020-07-01",
    yes,
    no
);
#[cfg(feature = "sagemaker_geospatial")]
service!(
    sagemaker_geospatial,
    "sagemaker-geospatial",
    "2020-05-27",
    yes,
    no
);
#[cfg(feature = "sagemaker_inference_router_runtime")]
service!(
    sagemaker_inference_router_runtime,
    "sagemaker-inference-router-runtime",
    "2026-01-01",
    yes,
    no
);
#[cfg(feature = "sagemaker_metrics")]
service!(
    sagemaker_metrics,
    "sagemaker-metrics",
    "2022-09-30",
    yes,
    no
);
#[cfg(feature = "sagemaker_runtime")]
service!(
    sagemaker_runtime,
    "sagemaker-runtime",
    "2017-05-13",
    yes,
    no
);
#[cfg(feature = "sagemakerjobruntime")]
service!(
    sagemakerjobruntime,
    "sagemakerjobruntime",
    "2026-02-01",
    yes,
    no
);
#[cfg(feature = "sagemakertrainingsessionruntime")]
service!(
    sagemakertrainingsessionruntime,
    "sagemakertrainingsessionruntime",
    "2025-02-10",
    yes,
    yes
);
#[cfg(feature = "savingsplans")]
service!(savingsplans, "savingsplans", "2019-06-28", yes, no);
#[cfg(feature = "scheduler")]
service!(scheduler, "scheduler", "2021-06-30", yes, yes);
#[cfg(feature = "schemas")]
service!(schemas, "schemas", "2019-12-02", yes, yes);
#[cfg(feature = "sdb")]
service!(sdb, "sdb", "2009-04-15", yes, no);
#[cfg(feature = "secretsmanager")]
service!(secretsmanager, "secretsmanager", "2017-10-17", yes, no);
#[cfg(feature = "security_ir")]
service!(security_ir, "security-ir", "2018-05-10", yes, yes);
#[cfg(feature = "securityagent")]
service!(securityagent, "securityagent", "2025-09-06", yes, yes);
#[cfg(feature = "securityhub")]
service!(securityhub, "securityhub", "2018-10-26", yes, no);
#[cfg(feature = "securitylake")]
service!(securitylake, "securitylake", "2018-05-10", yes, no);
#[cfg(feature = "serverlessrepo")]
service!(serverlessrepo, "serverlessrepo", "2017-09-08", yes, no);
#[cfg(feature = "service_quotas")]
service!(service_quotas, "service-quotas", "2019-06-24", yes, no);
#[cfg(feature = "servicecatalog")]
service!(servicecatalog, "servicecatalog", "2015-12-10", yes, no);
#[cfg(feature = "servicecatalog_appregistry")]
service!(
    servicecatalog_appregistry,
    "servicecatalog-appregistry",
    "2020-06-24",
    yes,
    no
);
#[cfg(feature = "servicediscovery")]
service!(servicediscovery, "servicediscovery", "2017-03-14", yes, no);
#[cfg(feature = "ses")]
service!(ses, "ses", "2010-12-01", yes, yes);
#[cfg(feature = "sesv2")]
service!(sesv2, "sesv2", "2019-09-27", yes, no);
#[cfg(feature = "shield")]
service!(shield, "shield", "2016-06-02", yes, no);
#[cfg(feature = "signer")]
service!(signer, "signer", "2017-08-25", yes, yes);
#[cfg(feature = "signer_data")]
service!(signer_data, "signer-data", "2017-08-25", yes, yes);
#[cfg(feature = "signin")]
service!(signin, "signin", "2023-01-01", yes, no);
#[cfg(feature = "simpledbv2")]
service!(simpledbv2, "simpledbv2", "2025-09-26", yes, yes);
#[cfg(feature = "sms_voice")]
service!(sms_voice, "sms-voice", "2018-09-05", no, no);
#[cfg(feature = "snow_device_management")]
service!(
    snow_device_management,
    "snow-device-management",
    "2021-08-04",
    yes,
    no
);
#[cfg(feature = "snowball")]
service!(snowball, "snowball", "2016-06-30", yes, no);
#[cfg(feature = "sns")]
service!(sns, "sns", "2010-03-31", yes, no);
#[cfg(feature = "socialmessaging")]
service!(socialmessaging, "socialmessaging", "2024-01-01", yes, no);
#[cfg(feature = "sqs")]
service!(sqs, "sqs", "2012-11-05", yes, no);
#[cfg(feature = "ssm")]
service!(ssm, "ssm", "2014-11-06", yes, yes);
#[cfg(feature = "ssm_contacts")]
service!(ssm_contacts, "ssm-contacts", "2021-05-03", yes, no);
#[cfg(feature = "ssm_guiconnect")]
service!(ssm_guiconnect, "ssm-guiconnect", "2021-05-01", yes, no);
#[cfg(feature = "ssm_incidents")]
service!(ssm_incidents, "ssm-incidents", "2018-05-10", yes, yes);
#[cfg(feature = "ssm_quicksetup")]
service!(ssm_quicksetup, "ssm-quicksetup", "2018-05-10", yes, no);
#[cfg(feature = "ssm_sap")]
service!(ssm_sap, "ssm-sap", "2018-05-10", yes, no);
#[cfg(feature = "sso")]
service!(sso, "sso", "2019-06-10", yes, no);
#[cfg(feature = "sso_admin")]
service!(sso_admin, "sso-admin", "2020-07-20", yes, yes);
#[cfg(feature = "sso_oidc")]
service!(sso_oidc, "sso-oidc", "2019-06-10", yes, no);
#[cfg(feature = "stepfunctions")]
service!(stepfunctions, "stepfunctions", "2016-11-23", yes, no);
#[cfg(feature = "storagegateway")]
service!(storagegateway, "storagegateway", "2013-06-30", yes, no);
#[cfg(feature = "sts")]
service!(sts, "sts", "2011-06-15", yes, no);
#[cfg(feature = "supplychain")]
service!(supplychain, "supplychain", "2024-01-01", yes, no);
#[cfg(feature = "support")]
service!(support, "support", "2013-04-15", yes, no);
#[cfg(feature = "support_app")]
service!(support_app, "support-app", "2021-08-20", yes, no);
#[cfg(feature = "supportauthz")]
service!(supportauthz, "supportauthz", "2026-06-30", yes, yes);
#[cfg(feature = "sustainability")]
service!(sustainability, "sustainability", "2018-05-10", yes, no);
#[cfg(feature = "swf")]
service!(swf, "swf", "2012-01-25", yes, no);
#[cfg(feature = "synthetics")]
service!(synthetics, "synthetics", "2017-10-11", yes, no);
#[cfg(feature = "taxsettings")]
service!(taxsettings, "taxsettings", "2018-05-10", yes, yes);
#[cfg(feature = "textract")]
service!(textract, "textract", "2018-06-27", yes, no);
#[cfg(feature = "timestream_influxdb")]
service!(
    timestream_influxdb,
    "timestream-influxdb",
    "2023-01-27",
    yes,
    no
);
#[cfg(feature = "timestream_query")]
service!(timestream_query, "timestream-query", "2018-11-01", yes, no);
#[cfg(feature = "timestream_write")]
service!(timestream_write, "timestream-write", "2018-11-01", yes, no);
#[cfg(feature = "transcribe")]
service!(transcribe, "transcribe", "2017-10-26", yes, yes);
#[cfg(feature = "transfer")]
service!(transfer, "transfer", "2018-11-05", yes, yes);
#[cfg(feature = "translate")]
service!(translate, "translate", "2017-07-01", yes, no);
#[cfg(feature = "trustedadvisor")]
service!(trustedadvisor, "trustedadvisor", "2022-09-15", yes, yes);
#[cfg(feature = "uxc")]
service!(uxc, "uxc", "2024-07-01", yes, yes);
#[cfg(feature = "verifiedpermissions")]
service!(
    verifiedpermissions,
    "verifiedpermissions",
    "2021-12-01",
    yes,
    yes
);
#[cfg(feature = "voice_id")]
service!(voice_id, "voice-id", "2021-09-27", yes, no);
#[cfg(feature = "vpc_lattice")]
service!(vpc_lattice, "vpc-lattice", "2022-11-30", yes, yes);
#[cfg(feature = "waf")]
service!(waf, "waf", "2015-08-24", yes, no);
#[cfg(feature = "waf_regional")]
service!(waf_regional, "waf-regional", "2016-11-28", yes, no);
#[cfg(feature = "wafv2")]
service!(wafv2, "wafv2", "2019-07-29", yes, no);
#[cfg(feature = "wellarchitected")]
service!(wellarchitected, "wellarchitected", "2020-03-31", yes, yes);
#[cfg(feature = "wickr")]
service!(wickr, "wickr", "2024-02-01", yes, yes);
#[cfg(feature = "wisdom")]
service!(wisdom, "wisdom", "2020-10-19", yes, no);
#[cfg(feature = "workdocs")]
service!(workdocs, "workdocs", "2016-05-01", yes, no);
#[cfg(feature = "workmail")]
service!(workmail, "workmail", "2017-10-01", yes, no);
#[cfg(feature = "workmailmessageflow")]
service!(
    workmailmessageflow,
    "workmailmessageflow",
    "2019-05-01",
    yes,
    no
);
#[cfg(feature = "workspaces")]
service!(workspaces, "workspaces", "2015-04-08", yes, no);
#[cfg(feature = "workspaces_instances")]
service!(
    workspaces_instances,
    "workspaces-instances",
    "2022-07-26",
    yes,
    yes
);
#[cfg(feature = "workspaces_thin_client")]
service!(
    workspaces_thin_client,
    "workspaces-thin-client",
    "2023-08-22",
    yes,
    no
);
#[cfg(feature = "workspaces_web")]
service!(workspaces_web, "workspaces-web", "2020-07-08", yes, yes);
#[cfg(feature = "xray")]
service!(xray, "xray", "2016-04-12", yes, no);
