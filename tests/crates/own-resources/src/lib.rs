//! Secrets Manager resources from the repository's own boto3-style definition
//! (`examples/custom_resources/secretsmanager/`), in a crate whose only dependency is `rboto`
//! with no service enabled: that it compiles proves that the code `rboto::rboto_resources!`
//! generates reaches the runtime, serde, serde_json and futures through `rboto::__private`
//! alone.
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs)]

#[path = "../../../../examples/custom_resources/secrets.rs"]
pub mod secrets;

#[cfg(test)]
mod tests {
    use rboto::{Credentials, Session};

    use crate::secrets::ServiceResource;

    /// The generated types work with nothing sent: a service resource from a session, a
    /// resource from its identifier, its `Debug` in boto3's form.
    #[test]
    fn generated_resources_build_from_a_session() {
        let session = Session::builder()
            .credentials(Credentials::new("testing", "testing", None))
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:9")
            .build();
        let service = ServiceResource::new(&session).expect("the definition is valid");
        let secret = service.secret("arn:aws:secretsmanager:us-east-1:1:secret:s");
        assert_eq!(
            format!("{secret:?}"),
            r#"secretsmanager.Secret(arn="arn:aws:secretsmanager:us-east-1:1:secret:s")"#
        );
    }
}
