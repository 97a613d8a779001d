//! Actions: parameters from the resource plus the caller's input, one call, and the
//! response as raw JSON or as the resource(s) the definition names.

use serde_json::{Map, Value};

use super::core::ResourceCore;
use super::model::ActionDef;
use super::params::{build_request_params, overlay, search};
use super::response::{build_resources, Built, EmptyShape, IdentifierInputs};
use rboto_runtime::body::ByteStream;
use rboto_runtime::error::Error;

/// What an action returns.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ActionOutput {
    /// The response (after the action's `path`, if it has one), for actions that return no
    /// resource.
    Raw(Value),
    /// Resources, for actions whose response fans out (`create_instances`), or whose
    /// response named none where the output shape is a list.
    Resources(Vec<ResourceCore>),
    /// One resource, or `None` when the response did not name it.
    Resource(Option<ResourceCore>),
}

impl ActionOutput {
    /// The raw response; for resource outputs, the list of their cached data (`null` where
    /// none), so nothing is lost.
    pub fn into_raw(self) -> Value {
        match self {
            ActionOutput::Raw(v) => v,
            ActionOutput::Resources(rs) => {
                Value::Array(rs.iter().map(|r| r.data().unwrap_or(Value::Null)).collect())
            }
            ActionOutput::Resource(r) => r.and_then(|r| r.data()).unwrap_or(Value::Null),
        }
    }

    /// The one resource; an error when there is none, several, or a raw response.
    pub fn into_one(self) -> Result<ResourceCore, Error> {
        match self {
            ActionOutput::Resource(Some(r)) => Ok(r),
            ActionOutput::Resources(mut rs) if rs.len() == 1 => Ok(rs.remove(0)),
            ActionOutput::Resource(None) => Err(Error::response(
                "the response did not name the resource the action returns",
            )),
            ActionOutput::Resources(rs) => Err(Error::response(format!(
                "the action returned {} resources where one was expected",
                rs.len()
            ))),
            ActionOutput::Raw(_) => Err(Error::model(
                "the action returns a raw response, not a resource",
            )),
        }
    }

    /// The resources: all of them, the single one, or none (also for a raw response).
    pub fn into_many(self) -> Vec<ResourceCore> {
        match self {
            ActionOutput::Resources(rs) => rs,
            ActionOutput::Resource(r) => r.into_iter().collect(),
            ActionOutput::Raw(_) => Vec::new(),
        }
    }
}

/// The request parameters of one action: those its definition fills from `resource`, with
/// the caller's `input` laid over them.
async fn action_params(
    resource: &ResourceCore,
    definition: &ActionDef,
    input: Map<String, Value>,
) -> Result<Value, Error> {
    let mut params = Map::new();
    build_request_params(
        resource,
        &definition.request.params,
        &mut params,
        None,
        true,
    )
    .await?;
    overlay(&mut params, input);
    Ok(Value::Object(params))
}

/// Runs one action whose operation has a streaming output (S3 `GetObject`, Glacier
/// `GetJobOutput`): the other output members, and the payload unread, so a body of any size
/// flows through without being held in memory (without clearing the resource's data; the
/// caller does that).
pub(crate) async fn run_streaming(
    resource: &ResourceCore,
    definition: &ActionDef,
    input: Map<String, Value>,
) -> Result<(Value, ByteStream), Error> {
    let params = action_params(resource, definition, input).await?;
    resource
        .service()
        .client()
        .call_streaming(&definition.request.operation, params)
        .await
}

/// Runs one action of `resource` (without clearing its data; the caller does that).
pub(crate) async fn run(
    resource: &ResourceCore,
    definition: &ActionDef,
    input: Map<String, Value>,
) -> Result<ActionOutput, Error> {
    let params = action_params(resource, definition, input).await?;
    let operation = definition.request.operation.as_str();
    let response = resource
        .service()
        .client()
        .call(operation, params.clone())
        .await?;
    let Some(returns) = &definition.resource else {
        return Ok(ActionOutput::Raw(match &definition.path {
            Some(path) if path != "$" => search(path, &response)?,
            _ => response,
        }));
    };
    let built = build_resources(
        resource,
        returns,
        IdentifierInputs {
            params: Some(&params),
            response: Some(&response),
            operation: Some(operation),
        },
    )
    .await?;
    Ok(match built {
        Built::Many(rs) => ActionOutput::Resources(rs),
        Built::One(r) => ActionOutput::Resource(Some(r)),
        Built::Nothing {
            empty: EmptyShape::List,
        } => ActionOutput::Resources(Vec::new()),
        Built::Nothing { .. } => ActionOutput::Resource(None),
    })
}
