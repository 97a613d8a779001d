//! The page stream and the item streams built on it.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{Stream, StreamExt};
use serde_json::{Map, Value};

use super::token::{self, Resume};
use super::{Invoke, Plan};
use crate::error::Error;
use crate::jmes::JmesPath;
use crate::model::ServiceModel;

/// What the first request needs, worked out by the paginator.
pub(crate) struct Start {
    /// The caller's parameters with any starting token and page size put in.
    pub params: Map<String, Value>,
    /// The decoded starting token.
    pub resume: Option<Resume>,
    /// Stop after this many items of the first result key.
    pub max_items: Option<usize>,
    /// The service model, for finding the bytes values a resume token must mark.
    pub model: Option<ServiceModel>,
}

/// A lazy stream of an operation's pages; each poll for a page sends one request.
///
/// After the stream ends, [`resume_token`](Self::resume_token) says where a `max_items` stop
/// left off.
pub struct Pages {
    plan: Arc<Plan>,
    invoke: Invoke,
    params: Map<String, Value>,
    max_items: Option<usize>,
    /// The input tokens that fetch the page being requested.
    current_tokens: Map<String, Value>,
    /// The tokens the previous page gave, to catch a service repeating itself.
    previous_tokens: Option<Map<String, Value>>,
    /// Items of the first result key handed out so far.
    total_items: usize,
    /// Leading items of the first page to drop, when resuming inside a page.
    first_page_skip: Option<usize>,
    first_page: bool,
    /// The request for the next page, once polled. Behind a mutex only so that `Pages` (and
    /// a `&Paginator` held across an await) is `Sync`; it is reached through `&mut self`,
    /// never locked.
    in_flight: Mutex<Option<BoxFuture<'static, Result<Value, Error>>>>,
    pending_error: Option<Error>,
    done: bool,
    resume_token: Option<String>,
    non_aggregate: Value,
    /// The service model, for the bytes values a resume token marks.
    model: Option<ServiceModel>,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &self.plan.operation)
            .field("total_items", &self.total_items)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Pages {
    pub(crate) fn new(plan: Arc<Plan>, invoke: Invoke, start: Result<Start, Error>) -> Self {
        let mut pages = Pages {
            current_tokens: plan
                .input_tokens
                .iter()
                .map(|name| (name.clone(), Value::Null))
                .collect(),
            plan,
            invoke,
            params: Map::new(),
            max_items: None,
            previous_tokens: None,
            total_items: 0,
            first_page_skip: None,
            first_page: true,
            in_flight: Mutex::new(None),
            pending_error: None,
            done: false,
            resume_token: None,
            non_aggregate: Value::Object(Map::new()),
            model: None,
        };
        match start {
            Ok(start) => {
                pages.params = start.params;
                pages.max_items = start.max_items;
                pages.model = start.model;
                if let Some(resume) = start.resume {
                    pages.current_tokens = resume.tokens;
                    pages.first_page_skip = Some(resume.skip);
                }
            }
            Err(e) => pages.pending_error = Some(e),
        }
        pages
    }

    /// Where to start a later paginator so it carries on from here: set when `max_items`
    /// ended the stream before the service ran out of pages.
    pub fn resume_token(&self) -> Option<&str> {
        self.resume_token.as_deref()
    }

    /// The paginator's `non_aggregate_keys`, as the first page gave them.
    pub fn non_aggregate_part(&self) -> &Value {
        &self.non_aggregate
    }

    /// Takes in a received page: trims it for a starting token or `max_items`, and works out
    /// the next request or why there is none.
    fn accept(&mut self, mut page: Value) -> Result<Value, Error> {
        let plan = self.plan.clone();
        let mut starting_skip = 0;
        if self.first_page {
            self.first_page = false;
            if let Some(skip) = self.first_page_skip {
                starting_skip = skip;
                drop_leading_items(&plan.result_keys, &mut page, skip)?;
            }
            for key in &plan.non_aggregate_keys {
                let value = key.search(&page)?;
                key.set(&mut self.non_aggregate, value)?;
            }
        }
        let primary = plan.result_keys.first();
        let count = match primary {
            Some(key) => key.lookup(&page)?.as_array().map_or(0, Vec::len),
            None => 0,
        };
        if let (Some(max), Some(key)) = (self.max_items, primary) {
            if self.total_items + count > max {
                let keep = max - self.total_items;
                if let Some(items) = key.search(&page)?.as_array() {
                    key.set(&mut page, Value::Array(items[..keep].to_vec()))?;
                }
                self.resume_token =
                    Some(self.resume_token_for(&self.current_tokens, Some(keep + starting_skip)));
                self.done = true;
                return Ok(page);
            }
        }
        self.total_items += count;
        let next = self.next_tokens(&page)?;
        if next.values().all(Value::is_null) {
            self.done = true;
        } else if self.max_items == Some(self.total_items) {
            self.resume_token = Some(self.resume_token_for(&next, None));
            self.done = true;
        } else if self.previous_tokens.as_ref() == Some(&next) {
            self.pending_error = Some(Error::pagination(format!(
                "the same next token was received twice: {}",
                Value::Object(next)
            )));
        } else {
            inject_tokens(&mut self.params, &next);
            self.previous_tokens = Some(next.clone());
            self.current_tokens = next;
        }
        Ok(page)
    }

    /// The resume token for `tokens`, marking their bytes values as botocore does.
    fn resume_token_for(&self, tokens: &Map<String, Value>, skip: Option<usize>) -> String {
        let bytes_paths = match &self.model {
            Some(model) => token::bytes_paths(model, &self.plan.operation, tokens),
            None => Vec::new(),
        };
        token::encode(tokens, skip, bytes_paths)
    }

    /// The tokens a page gives for the next request; empty when `more_results` says no.
    fn next_tokens(&self, page: &Value) -> Result<Map<String, Value>, Error> {
        if let Some(more) = &self.plan.more_results {
            if !crate::jmes::is_truthy(&more.search(page)?) {
                return Ok(Map::new());
            }
        }
        let mut next = Map::new();
        for (output, input) in self.plan.output_tokens.iter().zip(&self.plan.input_tokens) {
            let value = output.search(page)?;
            let value = if is_present(&value) {
                value
            } else {
                Value::Null
            };
            next.insert(input.clone(), value);
        }
        Ok(next)
    }
}

impl Stream for Pages {
    type Item = Result<Value, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(e) = this.pending_error.take() {
            this.done = true;
            return Poll::Ready(Some(Err(e)));
        }
        if this.done {
            return Poll::Ready(None);
        }
        let in_flight = this
            .in_flight
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let request = in_flight.get_or_insert_with(|| {
            tracing::debug!(operation = %this.plan.operation, "requesting a page");
            (this.invoke)(Value::Object(this.params.clone()))
        });
        let result = match request.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        *in_flight = None;
        let outcome = result.and_then(|page| this.accept(page));
        if outcome.is_err() {
            this.done = true;
        }
        Poll::Ready(Some(outcome))
    }
}

/// Puts the next tokens into the request parameters; a missing token removes its member.
pub(crate) fn inject_tokens(params: &mut Map<String, Value>, tokens: &Map<String, Value>) {
    for (name, token) in tokens {
        if token.is_null() || token.as_str() == Some("None") {
            params.remove(name);
        } else {
            params.insert(name.clone(), token.clone());
        }
    }
}

/// Whether an output token counts as given: not null, false, zero or empty (Python's truth).
fn is_present(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.as_f64() != Some(0.0),
        other => crate::jmes::is_truthy(other),
    }
}

/// Resuming inside a page: drops the items already handed out from the first result key and
/// blanks the other result keys, which the earlier run already counted.
fn drop_leading_items(
    result_keys: &[JmesPath],
    page: &mut Value,
    skip: usize,
) -> Result<(), Error> {
    let Some((primary, others)) = result_keys.split_first() else {
        return Ok(());
    };
    let rest = match primary.search(page)? {
        Value::Array(items) => Value::Array(items.into_iter().skip(skip).collect()),
        Value::String(s) => Value::String(s.chars().skip(skip).collect()),
        _ => Value::Null,
    };
    primary.set(page, rest)?;
    for key in others {
        let blank = match key.search(page)? {
            Value::Array(_) => Value::Array(Vec::new()),
            Value::String(_) => Value::String(String::new()),
            Value::Null => continue,
            // Counts (DynamoDB's `Count`) stay: they say what the service evaluated.
            number @ Value::Number(_) => number,
            _ => Value::Null,
        };
        key.set(page, blank)?;
    }
    Ok(())
}

/// A stream of items taken from each page with a JMESPath expression.
pub struct Items {
    pages: Option<Pages>,
    path: Option<JmesPath>,
    /// Drop `null` results (result keys missing from a page) instead of yielding them.
    skip_null: bool,
    buffer: VecDeque<Value>,
    error: Option<Error>,
}

impl std::fmt::Debug for Items {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("path", &self.path.as_ref().map(JmesPath::as_str))
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl Items {
    pub(crate) fn new(pages: Pages, path: JmesPath, skip_null: bool) -> Self {
        Items {
            pages: Some(pages),
            path: Some(path),
            skip_null,
            buffer: VecDeque::new(),
            error: None,
        }
    }

    pub(crate) fn failed(error: Error) -> Self {
        Items {
            pages: None,
            path: None,
            skip_null: true,
            buffer: VecDeque::new(),
            error: Some(error),
        }
    }

    /// Where to start a later paginator so it carries on from here (see
    /// [`Pages::resume_token`]).
    pub fn resume_token(&self) -> Option<&str> {
        self.pages.as_ref().and_then(Pages::resume_token)
    }
}

impl Stream for Items {
    type Item = Result<Value, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(e) = this.error.take() {
                return Poll::Ready(Some(Err(e)));
            }
            let (Some(pages), Some(path)) = (this.pages.as_mut(), this.path.as_ref()) else {
                return Poll::Ready(None);
            };
            let page = match pages.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => page,
            };
            match path.search(&page) {
                Ok(Value::Array(items)) => this.buffer.extend(items),
                Ok(Value::Null) if this.skip_null => {}
                Ok(other) => this.buffer.push_back(other),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }
}
