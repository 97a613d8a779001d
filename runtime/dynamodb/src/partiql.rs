//! PartiQL with typed parameters and results: a [`Statement`] takes its `?` parameters as
//! any `Serialize` value (through the item codec, so a `Number` stays exact and a
//! `StringSet` stays a set), [`Execute`] runs it with DynamoDB `ExecuteStatement` and
//! streams every page of results as `T`, and [`BatchExecute`] sends up to 25 statements in
//! one `BatchExecuteStatement`, each answered with its item or its own error.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{from_item, to_attribute_value, AttributeMap};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// The most statements one `BatchExecuteStatement` takes.
pub const MAX_BATCH_STATEMENTS: usize = 25;

/// A PartiQL statement and its parameters, in order of their `?`s.
///
/// ```
/// use rboto_dynamodb::Statement;
/// let select = Statement::new(r#"SELECT * FROM "users" WHERE id = ? AND age >= ?"#)
///     .param("u1")
///     .param(18);
/// assert_eq!(select.parameters().len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Statement {
    text: String,
    parameters: Vec<Value>,
    problems: Vec<String>,
}

impl Statement {
    /// The statement `text`, with no parameters yet.
    pub fn new(text: impl Into<String>) -> Self {
        Statement {
            text: text.into(),
            parameters: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Adds the value of the next `?`, converted as an attribute value is.
    pub fn param<V: Serialize>(mut self, value: V) -> Self {
        match to_attribute_value(&value) {
            Ok(value) => self.parameters.push(value),
            Err(e) => self.problems.push(format!(
                "PartiQL parameter {}: {e}",
                self.parameters.len() + self.problems.len() + 1
            )),
        }
        self
    }

    /// The parameters as attribute values.
    pub fn parameters(&self) -> &[Value] {
        &self.parameters
    }

    /// `Statement` and `Parameters`, or every parameter that could not be converted.
    fn request(&self) -> Result<Map<String, Value>, Error> {
        if !self.problems.is_empty() {
            return Err(Error::validation(self.problems.clone()));
        }
        let mut params = Map::new();
        params.insert("Statement".into(), self.text.clone().into());
        if !self.parameters.is_empty() {
            params.insert("Parameters".into(), Value::Array(self.parameters.clone()));
        }
        Ok(params)
    }
}

/// A DynamoDB `ExecuteStatement`, its results decoded as `T`: [`stream`](Execute::stream)
/// them across every page, or `.await` them all (an `INSERT`, `UPDATE` or `DELETE` returns
/// none).
#[must_use = "a statement does nothing until streamed or awaited"]
pub struct Execute<T> {
    client: Client,
    statement: Statement,
    consistent_read: Option<bool>,
    page_size: Option<u32>,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Execute<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Execute")
            .field("statement", &self.statement.text)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Execute<T> {
    /// `statement` through `client` (a DynamoDB client).
    pub fn new(client: Client, statement: Statement) -> Self {
        Execute {
            client,
            statement,
            consistent_read: None,
            page_size: None,
            _item: PhantomData,
        }
    }

    /// Reads the latest writes (`ConsistentRead`).
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = Some(consistent);
        self
    }

    /// At most this many items evaluated per request (`Limit`).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Every result of every page, lazily, decoded as `T`.
    pub fn stream(self) -> BoxStream<'static, Result<T, Error>> {
        let mut base = match self.statement.request() {
            Ok(base) => base,
            Err(e) => return stream::once(async { Err(e) }).boxed(),
        };
        if let Some(consistent) = self.consistent_read {
            base.insert("ConsistentRead".into(), consistent.into());
        }
        if let Some(size) = self.page_size {
            base.insert("Limit".into(), size.into());
        }
        let client = self.client;
        let pages = stream::try_unfold(Some(base), move |state| {
            let client = client.clone();
            async move {
                let Some(params) = state else {
                    return Ok(None);
                };
                let output = client
                    .call("ExecuteStatement", Value::Object(params.clone()))
                    .await?;
                let items = decode_items::<T>(&output)?;
                let next = output
                    .get("NextToken")
                    .and_then(Value::as_str)
                    .map(|token| {
                        let mut next = params;
                        next.insert("NextToken".into(), token.into());
                        next
                    });
                Ok::<_, Error>(Some((items, next)))
            }
        });
        pages
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Execute<T> {
    type Output = Result<Vec<T>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.stream().try_collect())
    }
}

fn decode_items<T: DeserializeOwned>(output: &Value) -> Result<Vec<T>, Error> {
    let items = output.get("Items").and_then(Value::as_array);
    items
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(map) => from_item(map)
                .map_err(|e| Error::response(format!("ExecuteStatement Items[{i}]: {e}"))),
            other => Err(Error::response(format!(
                "ExecuteStatement Items[{i}]: expected an item, found {other}"
            ))),
        })
        .collect()
}

/// One statement's answer in a batch: its item (a `SELECT` by key), nothing, or its error.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BatchOutcome<T> {
    /// The statement succeeded; a `SELECT` that found its item carries it.
    Done(Option<T>),
    /// The statement failed on its own; the others may have succeeded.
    Failed {
        /// DynamoDB's error code (`ConditionalCheckFailed`, `DuplicateItem`, ..).
        code: String,
        /// Its message.
        message: String,
        /// The stored item, when the statement asked for it on a failed condition.
        item: Option<AttributeMap>,
    },
}

/// A DynamoDB `BatchExecuteStatement` of up to 25 statements, answered in their order
/// (see [`BatchOutcome`]); `.await` it.
#[must_use = "a batch does nothing until awaited"]
pub struct BatchExecute<T> {
    client: Client,
    statements: Vec<Statement>,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for BatchExecute<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchExecute")
            .field("statements", &self.statements.len())
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> BatchExecute<T> {
    /// `statements` through `client` (a DynamoDB client).
    pub fn new(client: Client, statements: impl IntoIterator<Item = Statement>) -> Self {
        BatchExecute {
            client,
            statements: statements.into_iter().collect(),
            _item: PhantomData,
        }
    }

    async fn send(self) -> Result<Vec<BatchOutcome<T>>, Error> {
        let mut problems = Vec::new();
        if self.statements.is_empty() || self.statements.len() > MAX_BATCH_STATEMENTS {
            problems.push(format!(
                "BatchExecuteStatement: {} statements; a batch holds 1 to {MAX_BATCH_STATEMENTS}",
                self.statements.len()
            ));
        }
        let mut requests = Vec::new();
        for (i, statement) in self.statements.iter().enumerate() {
            match statement.request() {
                Ok(request) => requests.push(Value::Object(request)),
                Err(e) => problems.extend(
                    e.validation_problems()
                        .iter()
                        .map(|p| format!("statement {i}: {p}")),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        let output = self
            .client
            .call(
                "BatchExecuteStatement",
                serde_json::json!({ "Statements": requests }),
            )
            .await?;
        let responses = output.get("Responses").and_then(Value::as_array);
        responses
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, response)| outcome(i, response))
            .collect()
    }
}

fn outcome<T: DeserializeOwned>(i: usize, response: &Value) -> Result<BatchOutcome<T>, Error> {
    if let Some(error) = response.get("Error") {
        let text = |name: &str| {
            error
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        return Ok(BatchOutcome::Failed {
            code: text("Code"),
            message: text("Message"),
            item: error.get("Item").and_then(Value::as_object).cloned(),
        });
    }
    match response.get("Item") {
        Some(Value::Object(item)) => from_item(item)
            .map(|item| BatchOutcome::Done(Some(item)))
            .map_err(|e| Error::response(format!("BatchExecuteStatement Responses[{i}]: {e}"))),
        _ => Ok(BatchOutcome::Done(None)),
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for BatchExecute<T> {
    type Output = Result<Vec<BatchOutcome<T>>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Number, StringSet};
    use serde_json::json;

    #[test]
    fn parameters_go_through_the_item_codec() {
        let tags: StringSet = ["a"].into_iter().collect();
        let big: Number = "12345678901234567890.5".parse().unwrap();
        let statement = Statement::new("INSERT INTO t VALUE {'pk': ?, 'tags': ?, 'n': ?}")
            .param("x")
            .param(&tags)
            .param(&big);
        assert_eq!(
            Value::Array(statement.parameters().to_vec()),
            json!([{"S": "x"}, {"SS": ["a"]}, {"N": "12345678901234567890.5"}])
        );
        let empty = StringSet::new();
        let err = Statement::new("x").param(&empty).request().unwrap_err();
        assert!(err.to_string().contains("PartiQL parameter 1"), "{err}");
    }

    #[test]
    fn a_failed_statement_keeps_its_code_and_message() {
        let failed: BatchOutcome<Value> = outcome(
            0,
            &json!({"Error": {"Code": "DuplicateItem", "Message": "exists"}}),
        )
        .unwrap();
        assert_eq!(
            failed,
            BatchOutcome::Failed {
                code: "DuplicateItem".into(),
                message: "exists".into(),
                item: None
            }
        );
    }
}
