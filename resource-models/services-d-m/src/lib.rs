//! AWS's API models of the services named `d*` to `m*`, written by
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

#[cfg(feature = "databrew")]
service!(databrew, "databrew", "2017-07-25", yes, no);
#[cfg(feature = "dataexchange")]
service!(dataexchange, "dataexchange", "2017-07-25", yes, yes);
#[cfg(feature = "datapipeline")]
service!(datapipeline, "datapipeline", "2012-10-29", yes, no);
#[cfg(feature = "datasync")]
service!(datasync, "datasync", "2018-11-09", yes, no);
#[cfg(feature = "datazone")]
service!(datazone, "datazone", "2018-05-10", yes, yes);
#[cfg(feature = "dax")]
service!(dax, "dax", "2017-04-19", yes, no);
#[cfg(feature = "deadline")]
service!(deadline, "deadline", "2023-10-12", yes, yes);
#[cfg(feature = "detective")]
service!(detective, "detective", "2018-10-26", yes, no);
#[cfg(feature = "devicefarm")]
service!(devicefarm, "devicefarm", "2015-06-23", yes, no);
#[cfg(feature = "devops_agent")]
service!(devops_agent, "devops-agent", "2026-01-01", yes, no);
#[cfg(feature = "devops_guru")]
service!(devops_guru, "devops-guru", "2020-12-01", yes, no);
#[cfg(feature = "directconnect")]
service!(directconnect, "directconnect", "2012-10-25", yes, no);
#[cfg(feature = "discovery")]
service!(discovery, "discovery", "2015-11-01", yes, no);
#[cfg(feature = "dlm")]
service!(dlm, "dlm", "2018-01-12", yes, no);
#[cfg(feature = "dms")]
service!(dms, "dms", "2016-01-01", yes, yes);
#[cfg(feature = "docdb")]
service!(docdb, "docdb", "2014-10-31", yes, yes);
#[cfg(feature = "docdb_elastic")]
service!(docdb_elastic, "docdb-elastic", "2022-11-28", yes, no);
#[cfg(feature = "drs")]
service!(drs, "drs", "2020-02-26", yes, no);
#[cfg(feature = "ds")]
service!(ds, "ds", "2015-04-16", yes, yes);
#[cfg(feature = "ds_data")]
service!(ds_data, "ds-data", "2023-05-31", yes, no);
#[cfg(feature = "dsql")]
service!(dsql, "dsql", "2018-05-10", yes, yes);
#[cfg(feature = "dynamodb")]
service!(dynamodb, "dynamodb", "2012-08-10", yes, yes);
#[cfg(feature = "dynamodbstreams")]
service!(dynamodbstreams, "dynamodbstreams", "2012-08-10", yes, no);
#[cfg(feature = "ebs")]
service!(ebs, "ebs", "2019-11-02", yes, no);
#[cfg(feature = "ec2")]
service!(ec2, "ec2", "2016-11-15", yes, yes);
#[cfg(feature = "ec2_instance_connect")]
service!(
    ec2_instance_connect,
    "ec2-instance-connect",
    "2018-04-02",
    yes,
    no
);
#[cfg(feature = "ecr")]
service!(ecr, "ecr", "2015-09-21", yes, yes);
#[cfg(feature = "ecr_public")]
service!(ecr_public, "ecr-public", "2020-10-30", yes, no);
#[cfg(feature = "ecs")]
service!(ecs, "ecs", "2014-11-13", yes, yes);
#[cfg(feature = "efs")]
service!(efs, "efs", "2015-02-01", yes, no);
#[cfg(feature = "eks")]
service!(eks, "eks", "2017-11-01", yes, yes);
#[cfg(feature = "eks_auth")]
service!(eks_auth, "eks-auth", "2023-11-26", yes, yes);
#[cfg(feature = "elasticache")]
service!(elasticache, "elasticache", "2015-02-02", yes, yes);
#[cfg(feature = "elasticbeanstalk")]
service!(elasticbeanstalk, "elasticbeanstalk", "2010-12-01", yes, yes);
#[cfg(feature = "elb")]
service!(elb, "elb", "2012-06-01", yes, yes);
#[cfg(feature = "elbv2")]
service!(elbv2, "elbv2", "2015-12-01", yes, yes);
#[cfg(feature = "elementalinference")]
service!(
    elementalinference,
    "elementalinference",
    "2018-11-14",
    yes,
    yes
);
#[cfg(feature = "emr")]
service!(emr, "emr", "2009-03-31", yes, yes);
#[cfg(feature = "emr_containers")]
service!(emr_containers, "emr-containers", "2020-10-01", yes, no);
#[cfg(feature = "emr_serverless")]
service!(emr_serverless, "emr-serverless", "2021-07-13", yes, no);
#[cfg(feature = "endusermessaging")]
service!(endusermessaging, "endusermessaging", "2026-09-21", yes, yes);
#[cfg(feature = "entityresolution")]
service!(entityresolution, "entityresolution", "2018-05-10", yes, no);
#[cfg(feature = "es")]
service!(es, "es", "2015-01-01", yes, no);
#[cfg(feature = "eventbridgev2")]
service!(eventbridgev2, "eventbridgev2", "2025-05-15", yes, yes);
#[cfg(feature = "events")]
service!(events, "events", "2015-10-07", yes, no);
#[cfg(feature = "evs")]
service!(evs, "evs", "2023-07-27", yes, yes);
#[cfg(feature = "firehose")]
service!(firehose, "firehose", "2015-08-04", yes, no);
#[cfg(feature = "fis")]
service!(fis, "fis", "2020-12-01", yes, no);
#[cfg(feature = "fms")]
service!(fms, "fms", "2018-01-01", yes, no);
#[cfg(feature = "forecast")]
service!(forecast, "forecast", "2018-06-26", yes, no);
#[cfg(feature = "forecastquery")]
service!(forecastquery, "forecastquery", "2018-06-26", yes, no);
#[cfg(feature = "frauddetector")]
service!(frauddetector, "frauddetector", "2019-11-15", yes, no);
#[cfg(feature = "freetier")]
service!(freetier, "freetier", "2023-09-07", yes, yes);
#[cfg(feature = "fsx")]
service!(fsx, "fsx", "2018-03-01", yes, no);
#[cfg(feature = "gamelift")]
service!(gamelift, "gamelift", "2015-10-01", yes, no);
#[cfg(feature = "gameliftstreams")]
service!(gameliftstreams, "gameliftstreams", "2018-05-10", yes, yes);
#[cfg(feature = "geo_maps")]
service!(geo_maps, "geo-maps", "2020-11-19", yes, yes);
#[cfg(feature = "geo_places")]
service!(geo_places, "geo-places", "2020-11-19", yes, yes);
#[cfg(feature = "geo_routes")]
service!(geo_routes, "geo-routes", "2020-11-19", yes, yes);
#[cfg(feature = "glacier")]
service!(glacier, "glacier", "2012-06-01", yes, yes);
#[cfg(feature = "globalaccelerator")]
service!(
    globalaccelerator,
    "globalaccelerator",
    "2018-08-08",
    yes,
    no
);
#[cfg(feature = "glue")]
service!(glue, "glue", "2017-03-31", yes, no);
#[cfg(feature = "grafana")]
service!(grafana, "grafana", "2020-08-18", yes, yes);
#[cfg(feature = "greengrass")]
service!(greengrass, "greengrass", "2017-06-07", yes, no);
#[cfg(feature = "greengrassv2")]
service!(greengrassv2, "greengrassv2", "2020-11-30", yes, no);
#[cfg(feature = "groundstation")]
service!(groundstation, "groundstation", "2019-05-23", yes, yes);
#[cfg(feature = "guardduty")]
service!(guardduty, "guardduty", "2017-11-28", yes, no);
#[cfg(feature = "health")]
service!(health, "health", "2016-08-04", yes, no);
#[cfg(feature = "healthlake")]
service!(healthlake, "healthlake", "2017-07-01", yes, yes);
#[cfg(feature = "iam")]
service!(iam, "iam", "2010-05-08", yes, yes);
#[cfg(feature = "iam_toolbox")]
service!(iam_toolbox, "iam-toolbox", "2018-05-10", yes, yes);
#[cfg(feature = "identitystore")]
service!(identitystore, "identitystore", "2020-06-15", yes, no);
#[cfg(feature = "imagebuilder")]
service!(imagebuilder, "imagebuilder", "2019-12-02", yes, yes);
#[cfg(feature = "importexport")]
service!(importexport, "importexport", "2010-06-01", yes, no);
#[cfg(feature = "inspector")]
service!(inspector, "inspector", "2016-02-16", yes, no);
#[cfg(feature = "inspector_scan")]
service!(inspector_scan, "inspector-scan", "2023-08-08", yes, no);
#[cfg(feature = "inspector2")]
service!(inspector2, "inspector2", "2020-06-08", yes, yes);
#[cfg(feature = "interconnect")]
service!(interconnect, "interconnect", "2022-07-26", yes, yes);
#[cfg(feature = "internetmonitor")]
service!(internetmonitor, "internetmonitor", "2021-06-03", yes, yes);
#[cfg(feature = "invoicing")]
service!(invoicing, "invoicing", "2024-12-01", yes, yes);
#[cfg(feature = "iot")]
service!(iot, "iot", "2015-05-28", yes, no);
#[cfg(feature = "iot_data")]
service!(iot_data, "iot-data", "2015-05-28", yes, no);
#[cfg(feature = "iot_jobs_data")]
service!(iot_jobs_data, "iot-jobs-data", "2017-09-29", yes, no);
#[cfg(feature = "iot_managed_integrations")]
service!(
    iot_managed_integrations,
    "iot-managed-integrations",
    "2025-03-03",
    yes,
    no
);
#[cfg(feature = "iotdeviceadvisor")]
service!(iotdeviceadvisor, "iotdeviceadvisor", "2020-09-18", yes, no);
#[cfg(feature = "iotfleetwise")]
service!(iotfleetwise, "iotfleetwise", "2021-06-17", yes, yes);
#[cfg(feature = "iotsecuretunneling")]
service!(
    iotsecuretunneling,
    "iotsecuretunneling",
    "2018-10-05",
    yes,
    no
);
#[cfg(feature = "iotsitewise")]
service!(iotsitewise, "iotsitewise", "2019-12-02", yes, yes);
#[cfg(feature = "iotthingsgraph")]
service!(iotthingsgraph, "iotthingsgraph", "2018-09-06", yes, no);
#[cfg(feature = "iottwinmaker")]
service!(iottwinmaker, "iottwinmaker", "2021-11-29", yes, yes);
#[cfg(feature = "iotwireless")]
service!(iotwireless, "iotwireless", "2020-11-22", yes, no);
#[cfg(feature = "ivs")]
service!(ivs, "ivs", "2020-07-14", yes, no);
#[cfg(feature = "ivs_realtime")]
service!(ivs_realtime, "ivs-realtime", "2020-07-14", yes, yes);
#[cfg(feature = "ivschat")]
service!(ivschat, "ivschat", "2020-07-14", yes, yes);
#[cfg(feature = "kafka")]
service!(kafka, "kafka", "2018-11-14", yes, no);
#[cfg(feature = "kafkaconnect")]
service!(kafkaconnect, "kafkaconnect", "2021-09-14", yes, yes);
#[cfg(feature = "kendra")]
service!(kendra, "kendra", "2019-02-03", yes, no);
#[cfg(feature = "kendra_ranking")]
service!(kendra_ranking, "kendra-ranking", "2022-10-19", yes, no);
#[cfg(feature = "keyspaces")]
service!(keyspaces, "keyspaces", "2022-02-10", yes, yes);
#[cfg(feature = "keyspacesstreams")]
service!(keyspacesstreams, "keyspacesstreams", "2024-09-09", yes, no);
#[cfg(feature = "kinesis")]
service!(kinesis, "kinesis", "2013-12-02", yes, yes);
#[cfg(feature = "kinesis_video_archived_media")]
service!(
    kinesis_video_archived_media,
    "kinesis-video-archived-media",
    "2017-09-30",
    yes,
    no
);
#[cfg(feature = "kinesis_video_media")]
service!(
    kinesis_video_media,
    "kinesis-video-media",
    "2017-09-30",
    yes,
    no
);
#[cfg(feature = "kinesis_video_signaling")]
service!(
    kinesis_video_signaling,
    "kinesis-video-signaling",
    "2019-12-04",
    yes,
    no
);
#[cfg(feature = "kinesis_video_webrtc_storage")]
service!(
    kinesis_video_webrtc_storage,
    "kinesis-video-webrtc-storage",
    "2018-05-10",
    yes,
    no
);
#[cfg(feature = "kinesisanalytics")]
service!(kinesisanalytics, "kinesisanalytics", "2015-08-14", yes, no);
#[cfg(feature = "kinesisanalyticsv2")]
service!(
    kinesisanalyticsv2,
    "kinesisanalyticsv2",
    "2018-05-23",
    yes,
    no
);
#[cfg(feature = "kinesisvideo")]
service!(kinesisvideo, "kinesisvideo", "2017-09-30", yes, no);
#[cfg(feature = "kms")]
service!(kms, "kms", "2014-11-01", yes, no);
#[cfg(feature = "lakeformation")]
service!(lakeformation, "lakeformation", "2017-03-31", yes, no);
#[cfg(feature = "lambda")]
service!(lambda, "lambda", "2015-03-31", yes, yes);
#[cfg(feature = "lambda_core")]
service!(lambda_core, "lambda-core", "2026-04-30", yes, yes);
#[cfg(feature = "lambda_microvms")]
service!(lambda_microvms, "lambda-microvms", "2025-09-09", yes, no);
#[cfg(feature = "lambda_web")]
service!(lambda_web, "lambda-web", "2025-03-07", yes, yes);
#[cfg(feature = "launch_wizard")]
service!(launch_wizard, "launch-wizard", "2018-05-10", yes, yes);
#[cfg(feature = "lex_models")]
service!(lex_models, "lex-models", "2017-04-19", yes, no);
#[cfg(feature = "lex_runtime")]
service!(lex_runtime, "lex-runtime", "2016-11-28", yes, no);
#[cfg(feature = "lexv2_models")]
service!(lexv2_models, "lexv2-models", "2020-08-07", yes, yes);
#[cfg(feature = "lexv2_runtime")]
service!(lexv2_runtime, "lexv2-runtime", "2020-08-07", yes, no);
#[cfg(feature = "license_manager")]
service!(license_manager, "license-manager", "2018-08-01", yes, no);
#[cfg(feature = "license_manager_linux_subscriptions")]
service!(
    license_manager_linux_subscriptions,
    "license-manager-linux-subscriptions",
    "2018-05-10",
    yes,
    no
);
#[cfg(feature = "license_manager_user_subscriptions")]
service!(
    license_manager_user_subscriptions,
    "license-manager-user-subscriptions",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "lightsail")]
service!(lightsail, "lightsail", "2016-11-28", yes, no);
#[cfg(feature = "location")]
service!(location, "location", "2020-11-19", yes, yes);
#[cfg(feature = "logs")]
service!(logs, "logs", "2014-03-28", yes, no);
#[cfg(feature = "lookoutequipment")]
service!(lookoutequipment, "lookoutequipment", "2020-12-15", yes, no);
#[cfg(feature = "m2")]
service!(m2, "m2", "2021-04-28", yes, no);
#[cfg(feature = "machinelearning")]
service!(machinelearning, "machinelearning", "2014-12-12", yes, yes);
#[cfg(feature = "macie2")]
service!(macie2, "macie2", "2020-01-01", yes, yes);
#[cfg(feature = "mailmanager")]
service!(mailmanager, "mailmanager", "2023-10-17", yes, yes);
#[cfg(feature = "managedblockchain")]
service!(
    managedblockchain,
    "managedblockchain",
    "2018-09-24",
    yes,
    no
);
#[cfg(feature = "managedblockchain_query")]
service!(
    managedblockchain_query,
    "managedblockchain-query",
    "2023-05-04",
    yes,
    yes
);
#[cfg(feature = "marketplace_agreement")]
service!(
    marketplace_agreement,
    "marketplace-agreement",
    "2020-03-01",
    yes,
    yes
);
#[cfg(feature = "marketplace_catalog")]
service!(
    marketplace_catalog,
    "marketplace-catalog",
    "2018-09-17",
    yes,
    no
);
#[cfg(feature = "marketplace_deployment")]
service!(
    marketplace_deployment,
    "marketplace-deployment",
    "2023-01-25",
    yes,
    no
);
#[cfg(feature = "marketplace_discovery")]
service!(
    marketplace_discovery,
    "marketplace-discovery",
    "2026-02-05",
    yes,
    yes
);
#[cfg(feature = "marketplace_entitlement")]
service!(
    marketplace_entitlement,
    "marketplace-entitlement",
    "2017-01-11",
    yes,
    no
);
#[cfg(feature = "marketplace_reporting")]
service!(
    marketplace_reporting,
    "marketplace-reporting",
    "2018-05-10",
    yes,
    yes
);
#[cfg(feature = "marketplacecommerceanalytics")]
service!(
    marketplacecommerceanalytics,
    "marketplacecommerceanalytics",
    "2015-07-01",
    yes,
    no
);
#[cfg(feature = "mediaconnect")]
service!(mediaconnect, "mediaconnect", "2018-11-14", yes, yes);
#[cfg(feature = "mediaconvert")]
service!(mediaconvert, "mediaconvert", "2017-08-29", yes, no);
#[cfg(feature = "medialive")]
service!(medialive, "medialive", "2017-10-14", yes, yes);
#[cfg(feature = "mediapackage")]
service!(mediapackage, "mediapackage", "2017-10-12", yes, no);
#[cfg(feature = "mediapackage_vod")]
service!(mediapackage_vod, "mediapackage-vod", "2018-11-07", yes, no);
#[cfg(feature = "mediapackagev2")]
service!(mediapackagev2, "mediapackagev2", "2022-12-25", yes, yes);
#[cfg(feature = "mediastore")]
service!(mediastore, "mediastore", "2017-09-01", yes, no);
#[cfg(feature = "mediastore_data")]
service!(mediastore_data, "mediastore-data", "2017-09-01", yes, no);
#[cfg(feature = "mediatailor")]
service!(mediatailor, "mediatailor", "2018-04-23", yes, no);
#[cfg(feature = "medical_imaging")]
service!(medical_imaging, "medical-imaging", "2023-07-19", yes, yes);
#[cfg(feature = "memorydb")]
service!(memorydb, "memorydb", "2021-01-01", yes, no);
#[cfg(feature = "meteringmarketplace")]
service!(
    meteringmarketplace,
    "meteringmarketplace",
    "2016-01-14",
    yes,
    no
);
#[cfg(feature = "mgh")]
service!(mgh, "mgh", "2017-05-31", yes, no);
#[cfg(feature = "mgn")]
service!(mgn, "mgn", "2020-02-26", yes, yes);
#[cfg(feature = "migration_hub_refactor_spaces")]
service!(
    migration_hub_refactor_spaces,
    "migration-hub-refactor-spaces",
    "2021-10-26",
    yes,
    no
);
#[cfg(feature = "migrationhub_config")]
service!(
    migrationhub_config,
    "migrationhub-config",
    "2019-06-30",
    yes,
    no
);
#[cfg(feature = "migrationhuborchestrator")]
service!(
    migrationhuborchestrator,
    "migrationhuborchestrator",
    "2021-08-28",
    yes,
    yes
);
#[cfg(feature = "migrationhubstrategy")]
service!(
    migrationhubstrategy,
    "migrationhubstrategy",
    "2020-02-19",
    yes,
    no
);
#[cfg(feature = "mpa")]
service!(mpa, "mpa", "2022-07-26", yes, yes);
#[cfg(feature = "mq")]
service!(mq, "mq", "2017-11-27", yes, no);
#[cfg(feature = "mturk")]
service!(mturk, "mturk", "2017-01-17", yes, no);
#[cfg(feature = "mwaa")]
service!(mwaa, "mwaa", "2020-07-01", yes, no);
#[cfg(feature = "mwaa_serverless")]
service!(mwaa_serverless, "mwaa-serverless", "2024-07-26", yes, yes);
