//! AWS's API models of the services named `a*` to `c*`, written by
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

#[cfg(feature = "accessanalyzer")]
service!(accessanalyzer, "accessanalyzer", "2019-11-01", yes, no);
#[cfg(feature = "account")]
service!(account, "account", "2021-02-01", yes, yes);
#[cfg(feature = "account_access")]
service!(account_access, "account-access", "2018-05-10", yes, yes);
#[cfg(feature = "account_access_runtime")]
service!(
    account_access_runtime,
    "account-access-runtime",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "acm")]
service!(acm, "acm", "2015-12-08", yes, yes);
#[cfg(feature = "acm_pca")]
service!(acm_pca, "acm-pca", "2017-08-22", yes, yes);
#[cfg(feature = "agent_registry")]
service!(agent_registry, "agent-registry", "2025-12-01", yes, no);
#[cfg(feature = "agent_registry_control")]
service!(
    agent_registry_control,
    "agent-registry-control",
    "2025-12-01",
    yes,
    yes
);
#[cfg(feature = "aiops")]
service!(aiops, "aiops", "2018-05-10", yes, yes);
#[cfg(feature = "amp")]
service!(amp, "amp", "2020-08-01", yes, yes);
#[cfg(feature = "amplify")]
service!(amplify, "amplify", "2017-07-25", yes, no);
#[cfg(feature = "amplifybackend")]
service!(amplifybackend, "amplifybackend", "2020-08-11", yes, no);
#[cfg(feature = "amplifyuibuilder")]
service!(amplifyuibuilder, "amplifyuibuilder", "2021-08-11", yes, yes);
#[cfg(feature = "apigateway")]
service!(apigateway, "apigateway", "2015-07-09", yes, no);
#[cfg(feature = "apigatewaymanagementapi")]
service!(
    apigatewaymanagementapi,
    "apigatewaymanagementapi",
    "2018-11-29",
    yes,
    no
);
#[cfg(feature = "apigatewayv2")]
service!(apigatewayv2, "apigatewayv2", "2018-11-29", yes, no);
#[cfg(feature = "appconfig")]
service!(appconfig, "appconfig", "2019-10-09", yes, yes);
#[cfg(feature = "appconfigdata")]
service!(appconfigdata, "appconfigdata", "2021-11-11", yes, no);
#[cfg(feature = "appfabric")]
service!(appfabric, "appfabric", "2023-05-19", yes, yes);
#[cfg(feature = "appflow")]
service!(appflow, "appflow", "2020-08-23", yes, no);
#[cfg(feature = "appintegrations")]
service!(appintegrations, "appintegrations", "2020-07-29", yes, no);
#[cfg(feature = "application_autoscaling")]
service!(
    application_autoscaling,
    "application-autoscaling",
    "2016-02-06",
    yes,
    no
);
#[cfg(feature = "application_insights")]
service!(
    application_insights,
    "application-insights",
    "2018-11-25",
    yes,
    no
);
#[cfg(feature = "application_signals")]
service!(
    application_signals,
    "application-signals",
    "2024-04-15",
    yes,
    yes
);
#[cfg(feature = "applicationcostprofiler")]
service!(
    applicationcostprofiler,
    "applicationcostprofiler",
    "2020-09-10",
    yes,
    no
);
#[cfg(feature = "appmesh")]
service!(appmesh, "appmesh", "2019-01-25", yes, no);
#[cfg(feature = "apprunner")]
service!(apprunner, "apprunner", "2020-05-15", yes, no);
#[cfg(feature = "appstream")]
service!(appstream, "appstream", "2016-12-01", yes, yes);
#[cfg(feature = "appsync")]
service!(appsync, "appsync", "2017-07-25", yes, no);
#[cfg(feature = "arc_region_switch")]
service!(
    arc_region_switch,
    "arc-region-switch",
    "2022-07-26",
    yes,
    yes
);
#[cfg(feature = "arc_zonal_shift")]
service!(arc_zonal_shift, "arc-zonal-shift", "2022-10-30", yes, yes);
#[cfg(feature = "artifact")]
service!(artifact, "artifact", "2018-05-10", yes, yes);
#[cfg(feature = "athena")]
service!(athena, "athena", "2017-05-18", yes, no);
#[cfg(feature = "auditmanager")]
service!(auditmanager, "auditmanager", "2017-07-25", yes, no);
#[cfg(feature = "autoscaling")]
service!(autoscaling, "autoscaling", "2011-01-01", yes, no);
#[cfg(feature = "autoscaling_plans")]
service!(
    autoscaling_plans,
    "autoscaling-plans",
    "2018-01-06",
    yes,
    no
);
#[cfg(feature = "b2bi")]
service!(b2bi, "b2bi", "2022-06-23", yes, yes);
#[cfg(feature = "backup")]
service!(backup, "backup", "2018-11-15", yes, no);
#[cfg(feature = "backup_gateway")]
service!(backup_gateway, "backup-gateway", "2021-01-01", yes, no);
#[cfg(feature = "backupsearch")]
service!(backupsearch, "backupsearch", "2018-05-10", yes, yes);
#[cfg(feature = "batch")]
service!(batch, "batch", "2016-08-10", yes, no);
#[cfg(feature = "bcm_dashboards")]
service!(bcm_dashboards, "bcm-dashboards", "2025-08-18", yes, yes);
#[cfg(feature = "bcm_data_exports")]
service!(bcm_data_exports, "bcm-data-exports", "2023-11-26", yes, no);
#[cfg(feature = "bcm_pricing_calculator")]
service!(
    bcm_pricing_calculator,
    "bcm-pricing-calculator",
    "2024-06-19",
    yes,
    yes
);
#[cfg(feature = "bcm_recommended_actions")]
service!(
    bcm_recommended_actions,
    "bcm-recommended-actions",
    "2024-11-14",
    yes,
    yes
);
#[cfg(feature = "bedrock")]
service!(bedrock, "bedrock", "2023-04-20", yes, yes);
#[cfg(feature = "bedrock_agent")]
service!(bedrock_agent, "bedrock-agent", "2023-06-05", yes, yes);
#[cfg(feature = "bedrock_agent_runtime")]
service!(
    bedrock_agent_runtime,
    "bedrock-agent-runtime",
    "2023-07-26",
    yes,
    yes
);
#[cfg(feature = "bedrock_agentcore")]
service!(
    bedrock_agentcore,
    "bedrock-agentcore",
    "2024-02-28",
    yes,
    yes
);
#[cfg(feature = "bedrock_agentcore_control")]
service!(
    bedrock_agentcore_control,
    "bedrock-agentcore-control",
    "2023-06-05",
    yes,
    yes
);
#[cfg(feature = "bedrock_data_automation")]
service!(
    bedrock_data_automation,
    "bedrock-data-automation",
    "2023-07-26",
    yes,
    no
);
#[cfg(feature = "bedrock_data_automation_runtime")]
service!(
    bedrock_data_automation_runtime,
    "bedrock-data-automation-runtime",
    "2024-06-13",
    yes,
    no
);
#[cfg(feature = "bedrock_runtime")]
service!(bedrock_runtime, "bedrock-runtime", "2023-09-30", yes, yes);
#[cfg(feature = "billing")]
service!(billing, "billing", "2023-09-07", yes, yes);
#[cfg(feature = "billingconductor")]
service!(billingconductor, "billingconductor", "2021-07-30", yes, yes);
#[cfg(feature = "braket")]
service!(braket, "braket", "2019-09-01", yes, no);
#[cfg(feature = "budgets")]
service!(budgets, "budgets", "2016-10-20", yes, no);
#[cfg(feature = "ce")]
service!(ce, "ce", "2017-10-25", yes, no);
#[cfg(feature = "chatbot")]
service!(chatbot, "chatbot", "2017-10-11", yes, no);
#[cfg(feature = "chime")]
service!(chime, "chime", "2018-05-01", yes, no);
#[cfg(feature = "chime_sdk_identity")]
service!(
    chime_sdk_identity,
    "chime-sdk-identity",
    "2021-04-20",
    yes,
    no
);
#[cfg(feature = "chime_sdk_media_pipelines")]
service!(
    chime_sdk_media_pipelines,
    "chime-sdk-media-pipelines",
    "2021-07-15",
    yes,
    no
);
#[cfg(feature = "chime_sdk_meetings")]
service!(
    chime_sdk_meetings,
    "chime-sdk-meetings",
    "2021-07-15",
    yes,
    no
);
#[cfg(feature = "chime_sdk_messaging")]
service!(
    chime_sdk_messaging,
    "chime-sdk-messaging",
    "2021-05-15",
    yes,
    no
);
#[cfg(feature = "chime_sdk_voice")]
service!(chime_sdk_voice, "chime-sdk-voice", "2022-08-03", yes, no);
#[cfg(feature = "cleanrooms")]
service!(cleanrooms, "cleanrooms", "2022-02-17", yes, yes);
#[cfg(feature = "cleanroomsml")]
service!(cleanroomsml, "cleanroomsml", "2023-09-06", yes, yes);
#[cfg(feature = "cloud9")]
service!(cloud9, "cloud9", "2017-09-23", yes, no);
#[cfg(feature = "cloudcontrol")]
service!(cloudcontrol, "cloudcontrol", "2021-09-30", yes, yes);
#[cfg(feature = "clouddirectory")]
service!(clouddirectory, "clouddirectory", "2017-01-11", yes, no);
#[cfg(feature = "cloudformation")]
service!(cloudformation, "cloudformation", "2010-05-15", yes, yes);
#[cfg(feature = "cloudfront")]
service!(cloudfront, "cloudfront", "2020-05-31", yes, yes);
#[cfg(feature = "cloudfront_keyvaluestore")]
service!(
    cloudfront_keyvaluestore,
    "cloudfront-keyvaluestore",
    "2022-07-26",
    yes,
    no
);
#[cfg(feature = "cloudhsm")]
service!(cloudhsm, "cloudhsm", "2014-05-30", yes, no);
#[cfg(feature = "cloudhsmv2")]
service!(cloudhsmv2, "cloudhsmv2", "2017-04-28", yes, no);
#[cfg(feature = "cloudsearch")]
service!(cloudsearch, "cloudsearch", "2013-01-01", yes, no);
#[cfg(feature = "cloudsearchdomain")]
service!(
    cloudsearchdomain,
    "cloudsearchdomain",
    "2013-01-01",
    yes,
    no
);
#[cfg(feature = "cloudtrail")]
service!(cloudtrail, "cloudtrail", "2013-11-01", yes, no);
#[cfg(feature = "cloudtrail_data")]
service!(cloudtrail_data, "cloudtrail-data", "2021-08-11", yes, no);
#[cfg(feature = "cloudwatch")]
service!(cloudwatch, "cloudwatch", "2010-08-01", yes, yes);
#[cfg(feature = "cloudwatchomni")]
service!(cloudwatchomni, "cloudwatchomni", "2025-01-01", yes, no);
#[cfg(feature = "codeartifact")]
service!(codeartifact, "codeartifact", "2018-09-22", yes, no);
#[cfg(feature = "codebuild")]
service!(codebuild, "codebuild", "2016-10-06", yes, no);
#[cfg(feature = "codecatalyst")]
service!(codecatalyst, "codecatalyst", "2022-09-28", yes, yes);
#[cfg(feature = "codecommit")]
service!(codecommit, "codecommit", "2015-04-13", yes, no);
#[cfg(feature = "codeconnections")]
service!(codeconnections, "codeconnections", "2023-12-01", yes, no);
#[cfg(feature = "codedeploy")]
service!(codedeploy, "codedeploy", "2014-10-06", yes, yes);
#[cfg(feature = "codeguru_reviewer")]
service!(
    codeguru_reviewer,
    "codeguru-reviewer",
    "2019-09-19",
    yes,
    yes
);
#[cfg(feature = "codeguru_security")]
service!(
    codeguru_security,
    "codeguru-security",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "codeguruprofiler")]
service!(codeguruprofiler, "codeguruprofiler", "2019-07-18", yes, no);
#[cfg(feature = "codepipeline")]
service!(codepipeline, "codepipeline", "2015-07-09", yes, no);
#[cfg(feature = "codestar_connections")]
service!(
    codestar_connections,
    "codestar-connections",
    "2019-12-01",
    yes,
    no
);
#[cfg(feature = "codestar_notifications")]
service!(
    codestar_notifications,
    "codestar-notifications",
    "2019-10-15",
    yes,
    no
);
#[cfg(feature = "cognito_identity")]
service!(cognito_identity, "cognito-identity", "2014-06-30", yes, no);
#[cfg(feature = "cognito_idp")]
service!(cognito_idp, "cognito-idp", "2016-04-18", yes, no);
#[cfg(feature = "cognito_sync")]
service!(cognito_sync, "cognito-sync", "2014-06-30", yes, no);
#[cfg(feature = "comprehend")]
service!(comprehend, "comprehend", "2017-11-27", yes, no);
#[cfg(feature = "comprehendmedical")]
service!(
    comprehendmedical,
    "comprehendmedical",
    "2018-10-30",
    yes,
    no
);
#[cfg(feature = "compute_optimizer")]
service!(
    compute_optimizer,
    "compute-optimizer",
    "2019-11-01",
    yes,
    no
);
#[cfg(feature = "compute_optimizer_automation")]
service!(
    compute_optimizer_automation,
    "compute-optimizer-automation",
    "2025-09-22",
    yes,
    yes
);
#[cfg(feature = "config")]
service!(config, "config", "2014-11-12", yes, no);
#[cfg(feature = "connect")]
service!(connect, "connect", "2017-08-08", yes, no);
#[cfg(feature = "connect_contact_lens")]
service!(
    connect_contact_lens,
    "connect-contact-lens",
    "2020-08-21",
    yes,
    no
);
#[cfg(feature = "connectcampaigns")]
service!(connectcampaigns, "connectcampaigns", "2021-01-30", yes, no);
#[cfg(feature = "connectcampaignsv2")]
service!(
    connectcampaignsv2,
    "connectcampaignsv2",
    "2024-04-23",
    yes,
    no
);
#[cfg(feature = "connectcases")]
service!(connectcases, "connectcases", "2022-10-03", yes, yes);
#[cfg(feature = "connecthealth")]
service!(connecthealth, "connecthealth", "2025-01-29", yes, yes);
#[cfg(feature = "connectparticipant")]
service!(
    connectparticipant,
    "connectparticipant",
    "2018-09-07",
    yes,
    no
);
#[cfg(feature = "connectscheduling")]
service!(
    connectscheduling,
    "connectscheduling",
    "2026-07-16",
    yes,
    no
);
#[cfg(feature = "continuum")]
service!(continuum, "continuum", "2022-07-26", yes, yes);
#[cfg(feature = "controlcatalog")]
service!(controlcatalog, "controlcatalog", "2018-05-10", yes, yes);
#[cfg(feature = "controltower")]
service!(controltower, "controltower", "2018-05-10", yes, yes);
#[cfg(feature = "cost_optimization_hub")]
service!(
    cost_optimization_hub,
    "cost-optimization-hub",
    "2022-07-26",
    yes,
    yes
);
#[cfg(feature = "cur")]
service!(cur, "cur", "2017-01-06", yes, no);
#[cfg(feature = "customer_profiles")]
service!(
    customer_profiles,
    "customer-profiles",
    "2020-08-15",
    yes,
    no
);
