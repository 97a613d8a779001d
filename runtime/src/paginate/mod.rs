//! Paginators: every page of a listing operation, driven by its `paginators-1.json` entry.
//!
//! A [`Paginator`] feeds each page's output token(s) back as the next request's input
//! token(s) until the service has no more, exactly as botocore's paginators do:
//!
//! - output tokens are JMESPath expressions (`NextMarker || Contents[-1].Key`); a missing or
//!   empty token ends the listing, as does a false `more_results` expression;
//! - [`page_size`](Paginator::page_size) sets the operation's limit member;
//! - [`max_items`](Paginator::max_items) stops after that many result items, cutting the last
//!   page if needed, and leaves a [`resume_token`](Pages::resume_token) that
//!   [`starting_token`](Paginator::starting_token) takes to carry on where it stopped (tokens
//!   use botocore's format, so they pass between boto3 and rboto);
//! - a service that sends the same next token twice ends the listing with a pagination
//!   error rather than looping forever.
//!
//! [`pages`](Paginator::pages) is a lazy stream: one request per page polled; the paginator
//! is itself that stream too, so `while let Some(page) = paginator.try_next().await?` works.
//! [`items`](Paginator::items) flattens the items of the first result key (the one
//! `max_items` counts); [`search`](Paginator::search) flattens any JMESPath expression;
//! [`build_full_result`](Paginator::build_full_result) aggregates every result key into one
//! output, as botocore's method of that name does.
//!
//! The paginator calls the service through an [`Invoke`] closure, so the same code serves the
//! client and tests that fake a service.

mod aggregate;
mod pages;
mod token;

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{Stream, StreamExt};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::jmes::JmesPath;
use crate::model::{PaginatorDefinition, ServiceModel};

pub use pages::{Items, Pages};

/// Sends one request: takes the operation's parameters, returns its parsed output.
///
/// The client supplies `move |params| client.call(op, params)`; tests supply fakes.
pub type Invoke = Arc<dyn Fn(Value) -> BoxFuture<'static, Result<Value, Error>> + Send + Sync>;

/// A paginator definition with its expressions checked and compiled.
#[derive(Debug)]
pub(crate) struct Plan {
    pub operation: String,
    pub input_tokens: Vec<String>,
    pub output_tokens: Vec<JmesPath>,
    pub result_keys: Vec<JmesPath>,
    pub limit_key: Option<String>,
    pub more_results: Option<JmesPath>,
    pub non_aggregate_keys: Vec<JmesPath>,
}

impl Plan {
    /// A plan with nothing to page through, for a paginator that cannot run.
    fn empty(operation: String) -> Self {
        Plan {
            operation,
            input_tokens: Vec::new(),
            output_tokens: Vec::new(),
            result_keys: Vec::new(),
            limit_key: None,
            more_results: None,
            non_aggregate_keys: Vec::new(),
        }
    }

    fn new(operation: String, definition: &PaginatorDefinition) -> Result<Self, String> {
        let compile = |list: &[String]| -> Result<Vec<JmesPath>, String> {
            list.iter().map(|e| JmesPath::parse(e)).collect()
        };
        let plan = Plan {
            input_tokens: definition.input_token.0.clone(),
            output_tokens: compile(&definition.output_token.0)?,
            result_keys: compile(&definition.result_key.0)?,
            limit_key: definition.limit_key.clone(),
            more_results: definition
                .more_results
                .as_deref()
                .map(JmesPath::parse)
                .transpose()?,
            non_aggregate_keys: compile(&definition.non_aggregate_keys)?,
            operation,
        };
        if plan.input_tokens.len() != plan.output_tokens.len() {
            return Err(format!(
                "paginator for {}: {} input tokens but {} output tokens",
                plan.operation,
                plan.input_tokens.len(),
                plan.output_tokens.len()
            ));
        }
        Ok(plan)
    }
}

/// Pages through one operation's results.
///
/// Configure it with the builder methods, then take [`pages`](Self::pages),
/// [`items`](Self::items), [`search`](Self::search) or
/// [`build_full_result`](Self::build_full_result), each of which starts from the first page.
/// The paginator is also a [`Stream`] of pages itself; cloning it gives one that starts over.
pub struct Paginator {
    plan: Arc<Plan>,
    /// Why this paginator cannot run (a model error), reported when a stream starts.
    unavailable: Option<String>,
    invoke: Invoke,
    params: Value,
    page_size: Option<u64>,
    string_limit: bool,
    max_items: Option<usize>,
    starting_token: Option<String>,
    /// The service model, for the bytes values a resume token marks.
    model: Option<ServiceModel>,
    /// The page stream, once the paginator is polled as a stream itself.
    running: Option<Pages>,
}

impl Clone for Paginator {
    fn clone(&self) -> Self {
        Paginator {
            plan: self.plan.clone(),
            unavailable: self.unavailable.clone(),
            invoke: self.invoke.clone(),
            params: self.params.clone(),
            page_size: self.page_size,
            string_limit: self.string_limit,
            max_items: self.max_items,
            starting_token: self.starting_token.clone(),
            model: self.model.clone(),
            running: None,
        }
    }
}

impl std::fmt::Debug for Paginator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &self.plan.operation)
            .field("page_size", &self.page_size)
            .field("max_items", &self.max_items)
            .field("starting_token", &self.starting_token.is_some())
            .finish_non_exhaustive()
    }
}

impl Paginator {
    /// A paginator for `operation` as `definition` describes it, calling `invoke` with
    /// `params` (an object, or `null` for none) plus the paging members.
    ///
    /// Fails with a model error when the definition's JMESPath does not parse.
    pub fn new(
        operation: impl Into<String>,
        definition: &PaginatorDefinition,
        invoke: Invoke,
        params: Value,
    ) -> Result<Self, Error> {
        let plan = Plan::new(operation.into(), definition).map_err(Error::model)?;
        Ok(Self::with_plan(plan, None, invoke, params))
    }

    /// Like [`new`](Self::new), but a missing definition (`Err` saying why) or one that does
    /// not compile gives a paginator whose streams yield the model error, so the client can
    /// hand out a paginator without a `Result` and report problems where pages are read.
    pub(crate) fn deferred(
        operation: &str,
        definition: Result<&PaginatorDefinition, String>,
        invoke: Invoke,
        params: Value,
    ) -> Self {
        let plan = definition.and_then(|d| Plan::new(operation.to_string(), d));
        let (plan, unavailable) = match plan {
            Ok(plan) => (plan, None),
            Err(why) => (Plan::empty(operation.to_string()), Some(why)),
        };
        Self::with_plan(plan, unavailable, invoke, params)
    }

    /// A paginator that has not started, with no paging options set.
    fn with_plan(plan: Plan, unavailable: Option<String>, invoke: Invoke, params: Value) -> Self {
        Paginator {
            plan: Arc::new(plan),
            unavailable,
            invoke,
            params,
            page_size: None,
            string_limit: false,
            max_items: None,
            starting_token: None,
            model: None,
            running: None,
        }
    }

    /// The service model of the operation, so a resume token lists the bytes values among
    /// its tokens under `boto_encoded_keys` as botocore does (a DynamoDB `B` key); without
    /// it, tokens carry the values alone. The client sets this.
    pub fn model(mut self, model: ServiceModel) -> Self {
        self.model = Some(model);
        self.running = None;
        self
    }

    /// Asks for pages of `n` items by setting the operation's limit member (botocore's
    /// `PageSize`). An operation without a limit member fails with a pagination error when
    /// the stream starts.
    pub fn page_size(mut self, n: u64) -> Self {
        self.page_size = Some(n);
        self.running = None;
        self
    }

    /// Sends the page size as a string, for operations whose limit member is a string shape
    /// (Glacier's `limit`). The client sets this from the model.
    pub fn string_limit_key(mut self, yes: bool) -> Self {
        self.string_limit = yes;
        self.running = None;
        self
    }

    /// Stops after `n` items of the first result key (botocore's `MaxItems`), cutting the
    /// last page and leaving a resume token.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self.running = None;
        self
    }

    /// Starts where an earlier paginator stopped: a resume token it gave, or a bare service
    /// token (botocore's `StartingToken`).
    pub fn starting_token(mut self, token: impl Into<String>) -> Self {
        self.starting_token = Some(token.into());
        self.running = None;
        self
    }

    /// The operation this paginator calls.
    pub fn operation(&self) -> &str {
        &self.plan.operation
    }

    /// Where a later paginator can carry on, once this one, polled as a stream, has ended
    /// early because of [`max_items`](Self::max_items).
    pub fn resume_token(&self) -> Option<&str> {
        self.running.as_ref().and_then(Pages::resume_token)
    }

    /// The pages, lazily: each poll for the next page sends one request.
    pub fn pages(&self) -> Pages {
        let start = self.first_request();
        Pages::new(self.plan.clone(), self.invoke.clone(), start)
    }

    /// The items of the first result key across every page (`Contents` for S3's
    /// `ListObjects`, `Reservations` for EC2's `DescribeInstances`), counted by
    /// [`max_items`](Self::max_items). For every result key at once, use
    /// [`build_full_result`](Self::build_full_result); for another one, [`search`](Self::search).
    pub fn items(&self) -> Items {
        if let Some(why) = &self.unavailable {
            return Items::failed(Error::model(why.clone()));
        }
        match self.plan.result_keys.first() {
            Some(key) => Items::new(self.pages(), key.clone(), true),
            None => Items::failed(Error::pagination(format!(
                "the paginator for {} names no result key",
                self.plan.operation
            ))),
        }
    }

    /// Applies a JMESPath expression to each page, yielding the elements of list results
    /// and any other result as it is (`null` included), like botocore's `search`.
    pub fn search(&self, expression: &str) -> Items {
        match JmesPath::new(expression) {
            Ok(path) => Items::new(self.pages(), path, false),
            Err(e) => Items::failed(e),
        }
    }

    /// Fetches every page and merges them into one output: each result key's lists joined
    /// (numbers summed, strings concatenated), the `non_aggregate_keys` taken from the first
    /// page, and `NextToken` holding the resume token when `max_items` stopped early.
    pub async fn build_full_result(&self) -> Result<Value, Error> {
        let mut pages = self.pages();
        let mut full = aggregate::FullResult::default();
        while let Some(page) = pages.next().await {
            full.add_page(&self.plan.result_keys, &page?)?;
        }
        Ok(full.finish(pages.non_aggregate_part(), pages.resume_token()))
    }

    /// Parameters and state of the first request, or why there can be none.
    fn first_request(&self) -> Result<pages::Start, Error> {
        if let Some(why) = &self.unavailable {
            return Err(Error::model(why.clone()));
        }
        let mut params = match &self.params {
            Value::Object(map) => map.clone(),
            Value::Null => Map::new(),
            other => {
                return Err(Error::validation(vec![format!(
                    "input: expected object, got {other}"
                )]))
            }
        };
        let resume = match &self.starting_token {
            Some(token) => Some(token::decode(token, &self.plan.input_tokens)?),
            None => None,
        };
        if let Some(resume) = &resume {
            pages::inject_tokens(&mut params, &resume.tokens);
        }
        if let Some(n) = self.page_size {
            let limit_key = self.plan.limit_key.as_ref().ok_or_else(|| {
                Error::pagination(format!(
                    "page size is not supported by the paginator for {}",
                    self.plan.operation
                ))
            })?;
            let value = if self.string_limit {
                Value::String(n.to_string())
            } else {
                Value::from(n)
            };
            params.insert(limit_key.clone(), value);
        }
        Ok(pages::Start {
            params,
            resume,
            max_items: self.max_items,
            model: self.model.clone(),
        })
    }
}

impl Stream for Paginator {
    type Item = Result<Value, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.running.is_none() {
            this.running = Some(this.pages());
        }
        let pages = this.running.as_mut().expect("started above");
        pages.poll_next_unpin(cx)
    }
}

#[cfg(test)]
mod tests;
