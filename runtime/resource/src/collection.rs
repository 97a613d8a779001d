//! Collections (`hasMany`): an immutable, chainable description of a listing request, read
//! lazily as a stream of pages or items, plus the batch actions of the item type.

use std::fmt;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde_json::{Map, Value};

use super::core::ResourceCore;
use super::model::HasManyDef;
use super::params::{build_request_params, deep_merge, overlay};
use super::response::{build_resources_from_page, Built};
use rboto_runtime::error::Error;

/// A collection of resources (`bucket.objects`), as boto3's `ResourceCollection`.
///
/// Immutable: [`filter`](Self::filter), [`limit`](Self::limit) and
/// [`page_size`](Self::page_size) return a new collection. Lazy and not cached: nothing is
/// sent until a stream is read, and every stream sends its requests again.
#[derive(Clone)]
pub struct CollectionCore {
    parent: ResourceCore,
    name: &'static str,
    definition: &'static HasManyDef,
    params: Map<String, Value>,
    limit: Option<usize>,
    page_size: Option<usize>,
}

impl fmt::Debug for CollectionCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}Collection({:?}, {}.{})",
            self.parent.class_name(),
            super::naming::xform_name(self.name),
            self.parent,
            self.parent.service().service_name(),
            self.definition.resource.type_name
        )
    }
}

impl CollectionCore {
    pub(crate) fn new(
        parent: ResourceCore,
        name: &'static str,
        definition: &'static HasManyDef,
    ) -> Self {
        CollectionCore {
            parent,
            name,
            definition,
            params: Map::new(),
            limit: None,
            page_size: None,
        }
    }

    /// The resource this collection belongs to.
    pub fn parent(&self) -> &ResourceCore {
        &self.parent
    }

    /// The collection's name in the definition (`"Objects"`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The operation each page calls (`"ListObjects"`).
    pub fn operation(&self) -> &'static str {
        &self.definition.request.operation
    }

    /// The type name of the items (`"ObjectSummary"`).
    pub fn item_type(&self) -> &'static str {
        &self.definition.resource.type_name
    }

    /// The caller's parameters gathered so far by [`filter`](Self::filter).
    pub fn filters(&self) -> &Map<String, Value> {
        &self.params
    }

    /// A collection with `input` merged into the request: objects merge deeply and lists at
    /// the top level are appended (botocore's `merge_dicts` with `append_lists`), so
    /// `filter(Filters=[a]).filter(Filters=[b])` sends both filters after the definition's.
    pub fn filter(&self, input: Map<String, Value>) -> Self {
        let mut next = self.clone();
        deep_merge(&mut next.params, input);
        next
    }

    /// A collection that stops after `n` items (the paginator's `MaxItems`).
    pub fn limit(&self, n: usize) -> Self {
        let mut next = self.clone();
        next.limit = Some(n);
        next
    }

    /// A collection that asks for `n` items per page (the paginator's `PageSize`; ignored
    /// when the operation does not paginate).
    pub fn page_size(&self, n: usize) -> Self {
        let mut next = self.clone();
        next.page_size = Some(n);
        next
    }

    /// The request parameters: the definition's, then the caller's merged in.
    pub(crate) async fn request_params(&self) -> Result<Map<String, Value>, Error> {
        let mut params = Map::new();
        build_request_params(
            &self.parent,
            &self.definition.request.params,
            &mut params,
            None,
            true,
        )
        .await?;
        deep_merge(&mut params, self.params.clone());
        Ok(params)
    }

    /// The pages, each as its resources, carrying their data from the page. Through the
    /// operation's paginator when it has one, otherwise one call. Stops at the limit. Lazy:
    /// each poll for a page sends at most one request.
    pub fn pages(&self) -> BoxStream<'static, Result<Vec<ResourceCore>, Error>> {
        let this = self.clone();
        let raw = stream::once(async move {
            let params = this.request_params().await?;
            let client = this.parent.service().client().clone();
            let operation = this.definition.request.operation.as_str();
            let pages: BoxStream<'static, Result<Value, Error>> = if client.can_paginate(operation)
            {
                let mut paginator = client.paginate(operation, Value::Object(params.clone()));
                if let Some(n) = this.page_size {
                    paginator = paginator.page_size(n as u64);
                }
                if let Some(n) = this.limit {
                    paginator = paginator.max_items(n);
                }
                paginator.pages().boxed()
            } else {
                let request = Value::Object(params.clone());
                stream::once(async move { client.call(operation, request).await }).boxed()
            };
            let params = Value::Object(params);
            Ok::<_, Error>(pages.map_ok(move |page| (this.clone(), params.clone(), page)))
        })
        .try_flatten();
        let pages = raw
            .and_then(
                |(this, params, page)| async move { this.page_resources(&params, page).await },
            )
            .boxed();
        stop_at_limit(pages, self.limit)
    }

    /// The items of every page, in order, stopping at the limit.
    pub fn items(&self) -> BoxStream<'static, Result<ResourceCore, Error>> {
        self.pages()
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    /// The resources one page describes.
    async fn page_resources(
        &self,
        params: &Value,
        page: Value,
    ) -> Result<Vec<ResourceCore>, Error> {
        let built = build_resources_from_page(
            &self.parent,
            &self.definition.resource,
            params,
            page,
            &self.definition.request.operation,
        )
        .await?;
        Ok(match built {
            Built::Many(items) => items,
            Built::One(item) => vec![item],
            Built::Nothing { .. } => Vec::new(),
        })
    }

    /// Runs the item type's batch action `name` (`"Delete"`): one request per page with
    /// parameters from every item on it (`[*]` targets index by position), the caller's
    /// `input` on top. Stops at the first page that gives no parameters (an empty page).
    /// Honours filter, limit and page size. Returns each request's response.
    pub async fn batch_action(
        &self,
        name: &str,
        input: Map<String, Value>,
    ) -> Result<Vec<Value>, Error> {
        let service = self.parent.service().clone();
        let item_type = service.definition(self.item_type())?;
        let definition = item_type.batch_actions.get(name).ok_or_else(|| {
            Error::model(format!(
                "{}.{} has no batch action {name:?}",
                service.service_name(),
                self.item_type()
            ))
        })?;
        let mut responses = Vec::new();
        let mut pages = self.pages();
        while let Some(page) = pages.try_next().await? {
            let mut params = Map::new();
            for (index, item) in page.iter().enumerate() {
                build_request_params(
                    item,
                    &definition.request.params,
                    &mut params,
                    Some(index),
                    true,
                )
                .await?;
            }
            if params.is_empty() {
                break;
            }
            overlay(&mut params, input.clone());
            let response = service
                .client()
                .call(&definition.request.operation, Value::Object(params))
                .await?;
            responses.push(response);
        }
        Ok(responses)
    }
}

/// Cuts a stream of pages at `limit` items: the page that reaches it is truncated, and no
/// further page is asked for (so no further request is sent), as boto3 stops. The stream
/// also ends after an error.
fn stop_at_limit<T: Send + 'static>(
    pages: BoxStream<'static, Result<Vec<T>, Error>>,
    limit: Option<usize>,
) -> BoxStream<'static, Result<Vec<T>, Error>> {
    stream::unfold(
        (pages, 0usize, false),
        move |(mut pages, count, done)| async move {
            if done || limit.is_some_and(|limit| count >= limit) {
                return None;
            }
            match pages.next().await? {
                Err(e) => Some((Err(e), (pages, count, true))),
                Ok(mut items) => {
                    if let Some(limit) = limit {
                        items.truncate(limit - count);
                    }
                    let count = count + items.len();
                    Some((Ok(items), (pages, count, false)))
                }
            }
        },
    )
    .boxed()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    /// Pages of `sizes` items; `polled` counts the pages asked for.
    fn pages(
        sizes: &[usize],
        polled: Arc<AtomicUsize>,
    ) -> BoxStream<'static, Result<Vec<usize>, Error>> {
        let sizes = sizes.to_vec();
        stream::iter(sizes)
            .map(move |n| {
                polled.fetch_add(1, Ordering::SeqCst);
                Ok((0..n).collect())
            })
            .boxed()
    }

    #[tokio::test]
    async fn the_page_reaching_the_limit_is_cut_and_no_further_page_is_asked_for() {
        let polled = Arc::new(AtomicUsize::new(0));
        let got: Vec<Vec<usize>> = stop_at_limit(pages(&[2, 2, 2], polled.clone()), Some(3))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got, [vec![0, 1], vec![0]]);
        assert_eq!(polled.load(Ordering::SeqCst), 2);

        let polled = Arc::new(AtomicUsize::new(0));
        let got: Vec<Vec<usize>> = stop_at_limit(pages(&[2, 2], polled.clone()), Some(4))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got.concat().len(), 4);
        assert_eq!(
            polled.load(Ordering::SeqCst),
            2,
            "exactly at the limit: stop"
        );
    }

    #[tokio::test]
    async fn without_a_limit_every_page_passes_and_empty_pages_too() {
        let polled = Arc::new(AtomicUsize::new(0));
        let got: Vec<Vec<usize>> = stop_at_limit(pages(&[1, 0, 3], polled.clone()), None)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 3]);
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let failing = stream::iter(vec![
            Ok(vec![1]),
            Err(Error::pagination("boom")),
            Ok(vec![2]),
        ])
        .boxed();
        let got: Vec<Result<Vec<i32>, Error>> = stop_at_limit(failing, None).collect().await;
        assert_eq!(got.len(), 2);
        assert!(got[1].as_ref().is_err_and(Error::is_pagination));
    }
}
