//! A service beyond the ten with resources, enabled the way the README says (its feature on
//! the model data crate holding it; here through this crate's dev-dependencies), appears as
//! `rboto::models::<service>` with the same model a run-time load of the compressed files gives.

use rboto::ServiceModel;

#[test]
fn a_data_crate_feature_brings_its_service_into_rboto_models() {
    let embedded = rboto::models::secretsmanager::model();
    assert_eq!(embedded.name(), "secretsmanager");
    assert_eq!(rboto::models::secretsmanager::API_VERSION, "2017-10-17");
    assert!(embedded.operation("GetSecretValue").is_ok());
    // botocore's service-2.sdk-extras.json for this service sets its serviceId.
    assert_eq!(
        embedded.metadata().service_id.as_deref(),
        Some("Secrets Manager")
    );
    let resolver = embedded.endpoint_resolver().expect("a rule set");
    assert!(resolver.is_ok(), "{:?}", resolver.err());

    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/resource-models/services-n-z/models/secretsmanager"
    );
    let loaded = ServiceModel::from_dir("secretsmanager", folder).expect("loads at run time");
    let names = |m: &ServiceModel| {
        m.definition()
            .operations
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&embedded), names(&loaded));
    assert_eq!(
        embedded.paginators().pagination.len(),
        loaded.paginators().pagination.len()
    );
}

/// The S3 paginators carry the `non_aggregate_keys` botocore's paginators-1.sdk-extras.json
/// adds, so a full result keeps `Prefix` and the rest as boto3's does.
#[test]
fn s3_paginators_have_their_sdk_extras() {
    let s3 = rboto::models::s3::model();
    let list = s3.paginator("ListObjectsV2").expect("a paginator");
    assert!(
        list.non_aggregate_keys.iter().any(|k| k == "Prefix"),
        "{:?}",
        list.non_aggregate_keys
    );
}
