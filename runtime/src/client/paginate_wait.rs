//! The client's paginators and waiters: boto3's `get_paginator` and `get_waiter`, with
//! [`Client::call`] as the way each page or attempt is fetched.

use std::sync::Arc;

use serde_json::Value;

use super::Client;
use crate::error::Error;
use crate::model::ShapeType;
use crate::paginate::{Invoke, Paginator};
use crate::waiter::Waiter;

impl Client {
    /// A paginator over `operation` with `params` (an object, or `null` for none), from the
    /// service's `paginators-1.json`. It is a stream of pages itself, and offers
    /// [`items`](Paginator::items), [`build_full_result`](Paginator::build_full_result) and
    /// the paging options.
    ///
    /// An operation that does not paginate gives a paginator whose streams yield a model
    /// error; [`can_paginate`](Self::can_paginate) asks beforehand.
    ///
    /// ```no_run
    /// # async fn demo(s3: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use futures::TryStreamExt;
    /// use serde_json::json;
    /// let mut objects = s3
    ///     .paginate("ListObjectsV2", json!({"Bucket": "logs", "Prefix": "2026/"}))
    ///     .page_size(500)
    ///     .items();
    /// while let Some(object) = objects.try_next().await? {
    ///     println!("{} {}", object["Key"], object["Size"]);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn paginate(&self, operation: &str, params: Value) -> Paginator {
        let model = self.model();
        let definition = model.paginator(operation).ok_or_else(|| {
            format!(
                "{} cannot paginate {operation:?}: it has no paginator",
                model.name()
            )
        });
        let string_limit = definition
            .as_ref()
            .ok()
            .and_then(|d| d.limit_key.as_deref())
            .is_some_and(|key| self.member_is_string(operation, key));
        Paginator::deferred(operation, definition, self.invoker(operation), params)
            .string_limit_key(string_limit)
            .model(model.clone())
    }

    /// Whether `operation` has a paginator.
    pub fn can_paginate(&self, operation: &str) -> bool {
        self.model().paginator(operation).is_some()
    }

    /// A waiter named as in the service's `waiters-2.json` (`BucketExists`,
    /// `InstanceRunning`, `TableExists`), polling its operation with this client.
    ///
    /// Fails with a model error when the service has no such waiter.
    ///
    /// ```no_run
    /// # async fn demo(dynamodb: rboto_runtime::Client) -> Result<(), rboto_runtime::Error> {
    /// use serde_json::json;
    /// use std::time::Duration;
    /// dynamodb
    ///     .waiter("TableExists")?
    ///     .delay(Duration::from_secs(2))
    ///     .wait(json!({"TableName": "users"}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn waiter(&self, name: &str) -> Result<Waiter, Error> {
        let model = self.model();
        let definition = model.waiter(name).ok_or_else(|| {
            let known: Vec<&str> = model.waiters().waiters.keys().map(String::as_str).collect();
            Error::model(format!(
                "{} has no waiter named {name:?} (it has: {})",
                model.name(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })?;
        Waiter::new(name, definition, self.invoker(&definition.operation))
    }

    /// The names of the service's waiters.
    pub fn waiter_names(&self) -> Vec<&str> {
        self.model()
            .waiters()
            .waiters
            .keys()
            .map(String::as_str)
            .collect()
    }

    /// An invoke closure that calls `operation` with this client.
    fn invoker(&self, operation: &str) -> Invoke {
        let client = self.clone();
        let operation: Arc<str> = operation.into();
        Arc::new(move |params| {
            let client = client.clone();
            let operation = operation.clone();
            Box::pin(async move { client.call(&operation, params).await })
        })
    }

    /// Whether an input member of `operation` is a string shape (Glacier's `limit`).
    fn member_is_string(&self, operation: &str, member: &str) -> bool {
        let service = self.model().definition();
        service
            .operation(operation)
            .and_then(|op| op.input.as_ref())
            .and_then(|input| service.shape_of(input))
            .and_then(|input| input.members.get(member))
            .and_then(|member| service.shape_of(member))
            .is_some_and(|shape| shape.kind == ShapeType::String)
    }
}
