//! Machine Learning's customization: `Predict` goes to the model's real-time endpoint, named
//! by its `PredictEndpoint` parameter, instead of the service's endpoint (scheme and host
//! from the parameter, path and query kept), as botocore does.

use std::sync::Arc;

use serde_json::Value;

use crate::error::Error;
use crate::hooks::{Hook, HookResult, RequestStage};

/// Machine Learning's hooks.
pub(super) fn hooks() -> Vec<Arc<dyn Hook>> {
    vec![Arc::new(PredictEndpoint)]
}

/// Sends `Predict` to its `PredictEndpoint`.
#[derive(Debug)]
struct PredictEndpoint;

impl Hook for PredictEndpoint {
    fn after_serialization(&self, request: &mut RequestStage<'_>) -> HookResult {
        if request.operation_name() != "Predict" {
            return Ok(());
        }
        let Some(body) = request.body() else {
            return Ok(());
        };
        let Ok(Value::Object(params)) = serde_json::from_slice::<Value>(body) else {
            return Ok(());
        };
        if let Some(endpoint) = params.get("PredictEndpoint").and_then(Value::as_str) {
            if !endpoint.is_empty() {
                let url = switched(request.url(), endpoint)?;
                request.set_url(&url)?;
            }
        }
        Ok(())
    }
}

/// `url` with the scheme and authority of `endpoint`; an endpoint given as a bare host keeps
/// the scheme of `url`.
fn switched(url: &str, endpoint: &str) -> Result<String, Error> {
    let bad = |e: url::ParseError| {
        Error::validation(vec![format!(
            "PredictEndpoint: {endpoint:?} is neither a URL nor a host: {e}"
        )])
    };
    let mut out = url::Url::parse(url).map_err(bad)?;
    let target = match endpoint.contains("://") {
        true => url::Url::parse(endpoint),
        false => url::Url::parse(&format!("{}://{endpoint}", out.scheme())),
    }
    .map_err(bad)?;
    let host = target.host_str().ok_or_else(|| {
        Error::validation(vec![format!("PredictEndpoint: {endpoint:?} has no host")])
    })?;
    let scheme_ok = out.set_scheme(target.scheme()).is_ok();
    if !scheme_ok || out.set_host(Some(host)).is_err() || out.set_port(target.port()).is_err() {
        return Err(Error::validation(vec![format!(
            "PredictEndpoint: cannot send a request to {endpoint:?}"
        )]));
    }
    Ok(out.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_switched_and_the_path_kept() {
        let url = switched(
            "https://machinelearning.us-east-1.amazonaws.com/?x=1",
            "https://realtime.machinelearning.us-east-1.amazonaws.com",
        )
        .unwrap();
        assert_eq!(
            url,
            "https://realtime.machinelearning.us-east-1.amazonaws.com/?x=1"
        );
        let bare = switched(
            "https://machinelearning.us-east-1.amazonaws.com/",
            "realtime.example",
        );
        assert_eq!(bare.unwrap(), "https://realtime.example/");
        assert!(switched("https://a/", "not a host")
            .unwrap_err()
            .is_validation());
    }
}
