//! [`Query`] and [`Scan`]: every page of a DynamoDB `Query` or `Scan`, lazily, as a stream of
//! typed items or of pages — where boto3's `Table.query`/`Table.scan` return one page.
//!
//! One page is in memory at a time, so memory stays flat however many items are read; its
//! items are read from the response text straight into `T` ([`from_item_json`](super::from_item_json)).
//! `limit` caps the items returned in total (each request asks for no more than what is
//! left, so no page is ever cut and its `last_evaluated_key` resumes exactly after it);
//! `page_size` caps each request. A parallel scan (`segments(n)`) runs `n` segment scans
//! concurrently and merges their pages into one stream; with a `limit`, each segment reads at
//! most that many and the page that reaches the total is cut there (a parallel scan is
//! resumed segment by segment, with `segment(i, n)`).

use std::marker::PhantomData;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Map, Value};

use super::after_call::AfterCall;
use super::expression::{Condition, Expressions, KeyCondition, Projection};
use super::item::KeySchema;
use super::page_body::PageBody;
use super::AttributeMap;
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// One page of a query or scan.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items (none when the request only counted).
    pub items: Vec<T>,
    /// Items on the page that matched (after the filter): `Count`.
    pub count: u64,
    /// Items the request read (before the filter): `ScannedCount`.
    pub scanned_count: u64,
    /// Where the next page starts: pass it to `exclusive_start_key` to resume after this
    /// page. `None` when this was the last page.
    pub last_evaluated_key: Option<AttributeMap>,
    /// The scan segment the page came from, in a parallel scan.
    pub segment: Option<u32>,
}

impl<T> Page<T> {
    /// The key to resume after this page (see [`last_evaluated_key`](Page::last_evaluated_key)).
    pub fn last_evaluated_key(&self) -> Option<&AttributeMap> {
        self.last_evaluated_key.as_ref()
    }
}

/// What both operations share, untyped.
#[derive(Clone)]
struct ReadRequest {
    client: Client,
    operation: &'static str,
    table: String,
    key_condition: Option<KeyCondition>,
    filter: Option<Condition>,
    projection: Option<Projection>,
    index_name: Option<String>,
    consistent_read: Option<bool>,
    scan_forward: Option<bool>,
    page_size: Option<u32>,
    limit: Option<u64>,
    exclusive_start_key: Option<AttributeMap>,
    segment: Option<(u32, u32)>,
    segments: Option<u32>,
    count_only: bool,
    after_call: AfterCall,
    /// The item type's schema, whose composed keys are parsed back into their sources.
    schema: Option<KeySchema>,
    /// Problems found while the request was built (a projection or index of the item type).
    refused: Vec<String>,
}

impl ReadRequest {
    fn new(client: Client, operation: &'static str, table: String) -> Self {
        ReadRequest {
            client,
            operation,
            table,
            key_condition: None,
            filter: None,
            projection: None,
            index_name: None,
            consistent_read: None,
            scan_forward: None,
            page_size: None,
            limit: None,
            exclusive_start_key: None,
            segment: None,
            segments: None,
            count_only: false,
            after_call: AfterCall::default(),
            schema: None,
            refused: Vec::new(),
        }
    }

    /// The parameters every page shares; bad input is an error here, before any request.
    fn base_params(&self) -> Result<Map<String, Value>, Error> {
        let mut problems = self.refused.clone();
        if self.operation == "Query" && self.key_condition.is_none() {
            problems.push(
                "Query: no key condition; call .key(Key::new(\"pk\").eq(..)) (or use a scan)"
                    .to_owned(),
            );
        }
        if self.page_size == Some(0) {
            problems.push(format!("{}: page_size must be at least 1", self.operation));
        }
        if let Some((segment, total)) = self.segment {
            if total == 0 || segment >= total {
                problems.push(format!(
                    "Scan: segment {segment} of {total}: the segment must be below the total, \
                     which must be at least 1"
                ));
            }
        }
        if self.segments == Some(0) {
            problems.push("Scan: segments must be at least 1".to_owned());
        }
        if self.segments.is_some() && (self.segment.is_some() || self.exclusive_start_key.is_some())
        {
            problems.push(
                "Scan: segments(n) scans every segment from its start; to resume one segment \
                 use segment(i, n) with exclusive_start_key"
                    .to_owned(),
            );
        }
        if self.count_only && self.projection.is_some() {
            problems.push(format!(
                "{}: a count reads no attributes; drop the projection",
                self.operation
            ));
        }
        if !problems.is_empty() {
            return Err(Error::validation(problems));
        }
        let mut params = Map::new();
        params.insert("TableName".into(), Value::String(self.table.clone()));
        if let Some(index) = &self.index_name {
            params.insert("IndexName".into(), Value::String(index.clone()));
        }
        if let Some(consistent) = self.consistent_read {
            params.insert("ConsistentRead".into(), Value::Bool(consistent));
        }
        if let Some(forward) = self.scan_forward {
            params.insert("ScanIndexForward".into(), Value::Bool(forward));
        }
        if self.count_only {
            params.insert("Select".into(), "COUNT".into());
        }
        let mut expressions = Expressions::new();
        if let Some(key) = &self.key_condition {
            expressions = expressions.key_condition(key.clone());
        }
        if let Some(filter) = &self.filter {
            expressions = expressions.filter(filter.clone());
        }
        if let Some(projection) = &self.projection {
            expressions = expressions.projection(projection.clone());
        }
        expressions.build()?.apply_to(&mut params)?;
        Ok(params)
    }

    /// Every page, its items decoded as `T`: one segment, or all segments merged.
    fn pages<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> BoxStream<'static, Result<Page<T>, Error>> {
        let params = match self.base_params() {
            Ok(params) => params,
            Err(e) => return stream::once(async { Err(e) }).boxed(),
        };
        let segments: Vec<Option<(u32, u32)>> = match self.segments {
            Some(total) => (0..total).map(|i| Some((i, total))).collect(),
            None => vec![self.segment],
        };
        let streams = segments.into_iter().map(|segment| {
            let cursor = Cursor {
                client: self.client.clone(),
                after_call: self.after_call.clone(),
                schema: self.schema,
                operation: self.operation,
                params: params.clone(),
                page_size: self.page_size,
                budget: self.limit,
                next_key: self.exclusive_start_key.clone(),
                segment,
                done: false,
                _item: PhantomData,
            };
            stream::try_unfold(cursor, Cursor::next_page).boxed()
        });
        let merged = stream::select_all(streams);
        match (self.segments, self.limit) {
            (Some(_), Some(limit)) => cut_at(merged, limit),
            _ => merged.boxed(),
        }
    }
}

/// The pages of a parallel scan until `limit` items in total: each segment reads at most
/// `limit`, and the page that crosses the total is cut there.
fn cut_at<T: Send + 'static>(
    pages: impl futures::Stream<Item = Result<Page<T>, Error>> + Send + 'static,
    limit: u64,
) -> BoxStream<'static, Result<Page<T>, Error>> {
    pages
        .scan(limit, |left, page| {
            let next = match page {
                _ if *left == 0 => None,
                Ok(mut page) => {
                    if page.count > *left {
                        page.count = *left;
                        page.items.truncate(*left as usize);
                    }
                    *left -= page.count;
                    Some(Ok(page))
                }
                Err(e) => Some(Err(e)),
            };
            std::future::ready(next)
        })
        .boxed()
}

/// Where one segment's pagination stands; its pages' items are decoded as `T`.
struct Cursor<T> {
    client: Client,
    after_call: AfterCall,
    schema: Option<KeySchema>,
    operation: &'static str,
    params: Map<String, Value>,
    page_size: Option<u32>,
    /// Items this cursor may still return; `None` without a limit.
    budget: Option<u64>,
    next_key: Option<AttributeMap>,
    segment: Option<(u32, u32)>,
    done: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Cursor<T> {
    /// How many items the next request may read: `Some(n)` sends `Limit = n` (`0` means
    /// the limit is used up), `None` sends no `Limit`. Takes them from the budget.
    fn reserve(&mut self) -> Option<u64> {
        let page = self.page_size.map(u64::from);
        let Some(budget) = self.budget.as_mut() else {
            return page;
        };
        let taken = page.map_or(*budget, |page| page.min(*budget));
        *budget -= taken;
        Some(taken)
    }

    async fn next_page(mut self) -> Result<Option<(Page<T>, Self)>, Error> {
        if self.done {
            return Ok(None);
        }
        let reserved = self.reserve();
        if reserved == Some(0) {
            return Ok(None);
        }
        let mut params = self.params.clone();
        if let Some(limit) = reserved {
            params.insert("Limit".into(), limit.min(i32::MAX as u64).into());
        }
        if let Some(key) = &self.next_key {
            params.insert("ExclusiveStartKey".into(), Value::Object(key.clone()));
        }
        if let Some((segment, total)) = self.segment {
            params.insert("Segment".into(), segment.into());
            params.insert("TotalSegments".into(), total.into());
        }
        let body = match self
            .client
            .call_for_body(self.operation, Value::Object(params))
            .await
        {
            Ok(body) => {
                self.after_call.run();
                body
            }
            Err(e) => {
                self.give_back(reserved, 0);
                return Err(e);
            }
        };
        let body = PageBody::<T>::read(self.operation, &body, self.schema.as_ref())?;
        let count = body.count.unwrap_or(0);
        let scanned_count = body.scanned_count.unwrap_or(count);
        // Limit bounds the items read; only those returned use up the caller's limit.
        self.give_back(reserved, count);
        let last_evaluated_key = body.last_evaluated_key;
        if last_evaluated_key.is_some() && last_evaluated_key == self.next_key {
            return Err(Error::pagination(format!(
                "{}: the service returned the same LastEvaluatedKey twice",
                self.operation
            )));
        }
        self.done = last_evaluated_key.is_none();
        self.next_key = last_evaluated_key.clone();
        let page = Page {
            items: body.items,
            count,
            scanned_count,
            last_evaluated_key,
            segment: self.segment.map(|(segment, _)| segment),
        };
        Ok(Some((page, self)))
    }

    /// Returns to the budget what a request reserved but did not return.
    fn give_back(&mut self, reserved: Option<u64>, used: u64) {
        if let (Some(budget), Some(reserved)) = (&mut self.budget, reserved) {
            *budget += reserved.saturating_sub(used);
        }
    }
}

/// Every item of every page, one page at a time.
fn items_of<T: Send + 'static>(
    pages: BoxStream<'static, Result<Page<T>, Error>>,
) -> BoxStream<'static, Result<T, Error>> {
    pages
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// The sum of `Count` over every page of a `Select=COUNT` read.
async fn count_all(request: ReadRequest) -> Result<u64, Error> {
    request
        .pages::<IgnoredAny>()
        .try_fold(0u64, |total, page| async move { Ok(total + page.count) })
        .await
}

macro_rules! shared_setters {
    ($builder:ident) => {
        /// The same request, decoding items as `P`.
        pub(super) fn retype<P>(self) -> $builder<P> {
            $builder {
                request: self.request,
                _item: PhantomData,
            }
        }

        /// The same request, failing with `problem` before anything is sent.
        pub(super) fn refuse(mut self, problem: String) -> Self {
            self.request.refused.push(problem);
            self
        }

        /// Keeps only the items that satisfy `filter` (`FilterExpression`); filtered items
        /// still count toward the read capacity and `page_size`, not toward `limit`.
        pub fn filter(mut self, filter: Condition) -> Self {
            self.request.filter = Some(filter);
            self
        }

        /// Reads only these attributes (`ProjectionExpression`); let `T` be a type with
        /// just those fields.
        pub fn projection(mut self, projection: Projection) -> Self {
            self.request.projection = Some(projection);
            self
        }

        /// Reads a global or local secondary index instead of the table (`IndexName`).
        pub fn index_name(mut self, index: impl Into<String>) -> Self {
            self.request.index_name = Some(index.into());
            self
        }

        /// Reads the latest writes (`ConsistentRead`; not on global secondary indexes).
        pub fn consistent_read(mut self, consistent: bool) -> Self {
            self.request.consistent_read = Some(consistent);
            self
        }

        /// At most this many items read per request (`Limit` of each request).
        pub fn page_size(mut self, size: u32) -> Self {
            self.request.page_size = Some(size);
            self
        }

        /// At most this many items in total, across pages.
        pub fn limit(mut self, limit: u64) -> Self {
            self.request.limit = Some(limit);
            self
        }

        /// Starts after this key: a page's [`last_evaluated_key`](Page::last_evaluated_key)
        /// from an earlier read (`ExclusiveStartKey`).
        pub fn exclusive_start_key(mut self, key: AttributeMap) -> Self {
            self.request.exclusive_start_key = Some(key);
            self
        }

        /// Reads items as the item type with this schema stores them (`T::SCHEMA` of an
        /// [`Item`](super::Item) type): an item that lacks the source attributes of the
        /// schema's composed keys (`compose(pk = "USER#{id}")`, written by another tool
        /// with only the composed keys) gets them parsed back from the composed values
        /// before it is decoded, as `get` does. Set for you by
        /// [`query_index`](super::ItemTable::query_index) and by key conditions built
        /// with [`Key::composed`](super::Key::composed).
        pub fn key_schema(mut self, schema: KeySchema) -> Self {
            self.request.schema = Some(schema);
            self
        }

        /// Every page, lazily, decoded as `T`.
        pub fn pages(self) -> BoxStream<'static, Result<Page<T>, Error>> {
            self.request.pages()
        }

        /// Every item of every page, lazily, decoded as `T`. Each page is decoded as it
        /// arrives: an item that does not fit `T` fails that page with an error naming the
        /// attribute.
        pub fn stream(self) -> BoxStream<'static, Result<T, Error>> {
            items_of(self.request.pages())
        }

        /// How many items match, over every page (`Select=COUNT`: no items are returned).
        pub async fn count(mut self) -> Result<u64, Error> {
            self.request.count_only = true;
            count_all(self.request).await
        }
    };
}

/// Builder of a DynamoDB `Query` over every page: set a key condition, then
/// [`stream`](Query::stream) items, walk [`pages`](Query::pages) or [`count`](Query::count).
///
/// ```no_run
/// # use rboto_dynamodb::{ItemTable, Key, Attr};
/// # #[derive(serde::Deserialize)] struct Order { user: String, total: u64 }
/// # async fn demo(orders: ItemTable) -> Result<(), rboto_runtime::Error> {
/// use futures::TryStreamExt;
/// let mut big = orders
///     .query::<Order>()
///     .key(Key::new("user").eq("ada"))
///     .filter(Attr::new("total").gt(100))
///     .page_size(100)
///     .stream();
/// while let Some(order) = big.try_next().await? {
///     println!("{}: {}", order.user, order.total);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a query does nothing until streamed"]
pub struct Query<T> {
    request: ReadRequest,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Query<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("table", &self.request.table)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Query<T> {
    pub(crate) fn new(client: Client, table: String) -> Self {
        Query {
            request: ReadRequest::new(client, "Query", table),
            _item: PhantomData,
        }
    }

    /// Runs `hook` after each page's call succeeds.
    pub(crate) fn after_call(mut self, hook: AfterCall) -> Self {
        self.request.after_call = hook;
        self
    }

    /// Which items: the partition key's value and optionally a sort key condition
    /// (`KeyConditionExpression`); required.
    ///
    /// A condition built with [`Key::composed`](super::Key::composed) also sets the item
    /// type's schema for reading ([`key_schema`](Query::key_schema)), unless one is set.
    pub fn key(mut self, key: KeyCondition) -> Self {
        if let Some(schema) = key.key_schema() {
            self.request.schema.get_or_insert(schema);
        }
        self.request.key_condition = Some(key);
        self
    }

    /// Reads in descending sort key order (`ScanIndexForward=false`).
    pub fn descending(mut self) -> Self {
        self.request.scan_forward = Some(false);
        self
    }

    shared_setters!(Query);
}

/// Builder of a DynamoDB `Scan` over every page, optionally in parallel segments.
///
/// ```no_run
/// # use rboto_dynamodb::ItemTable;
/// # async fn demo(table: ItemTable) -> Result<(), rboto_runtime::Error> {
/// use futures::TryStreamExt;
/// let all: Vec<serde_json::Value> = table.scan().segments(4).stream().try_collect().await?;
/// # Ok(()) }
/// ```
#[must_use = "a scan does nothing until streamed"]
pub struct Scan<T> {
    request: ReadRequest,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Scan<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("table", &self.request.table)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Scan<T> {
    pub(crate) fn new(client: Client, table: String) -> Self {
        Scan {
            request: ReadRequest::new(client, "Scan", table),
            _item: PhantomData,
        }
    }

    /// Runs `hook` after each page's call succeeds.
    pub(crate) fn after_call(mut self, hook: AfterCall) -> Self {
        self.request.after_call = hook;
        self
    }

    /// Scans in `total` segments at once and merges them into one stream (a parallel
    /// scan; items arrive in no particular order).
    pub fn segments(mut self, total: u32) -> Self {
        self.request.segments = Some(total);
        self
    }

    /// Scans only segment `segment` of `total` (`Segment`, `TotalSegments`), to spread a
    /// parallel scan over tasks or machines yourself.
    pub fn segment(mut self, segment: u32, total: u32) -> Self {
        self.request.segment = Some((segment, total));
        self
    }

    shared_setters!(Scan);
}
