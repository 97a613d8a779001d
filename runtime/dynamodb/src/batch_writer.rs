//! [`BatchWriter`]: buffered puts and deletes sent to one table with BatchWriteItem, 25 at
//! a time, with what DynamoDB leaves unprocessed retried under backoff and, when it gives
//! up, handed back to the caller request by request.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use super::backoff::Backoff;
use super::batch_in_flight::InFlight;
use super::batch_keys::{
    check_attribute_values, check_item_size, check_key_attributes, check_size, key_identity,
    pick_attributes,
};
use super::batch_text::RequestText;
use super::{key_attributes, AttributeMap, Item, KeySchema};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// The most write requests one BatchWriteItem may carry.
pub const MAX_BATCH_WRITE: usize = 25;

/// One write of a batch: an item to put or the key of an item to delete.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WriteRequest {
    /// Put this item (DynamoDB's `PutRequest`), replacing any with the same key.
    Put(AttributeMap),
    /// Delete the item with this key (DynamoDB's `DeleteRequest`).
    Delete(AttributeMap),
}

impl WriteRequest {
    /// The item of a put or the key of a delete.
    pub fn attributes(&self) -> &AttributeMap {
        match self {
            WriteRequest::Put(item) | WriteRequest::Delete(item) => item,
        }
    }

    /// Whether this is a put.
    pub fn is_put(&self) -> bool {
        matches!(self, WriteRequest::Put(_))
    }

    /// The request in DynamoDB's wire form: `{"PutRequest": {"Item": ...}}` or
    /// `{"DeleteRequest": {"Key": ...}}`.
    pub fn to_wire(&self) -> Value {
        self.clone().into_wire()
    }

    /// [`to_wire`](WriteRequest::to_wire), moving the attributes instead of copying them.
    pub fn into_wire(self) -> Value {
        let (request, member, attributes) = match self {
            WriteRequest::Put(item) => ("PutRequest", "Item", item),
            WriteRequest::Delete(key) => ("DeleteRequest", "Key", key),
        };
        let mut inner = Map::with_capacity(1);
        inner.insert(member.to_string(), Value::Object(attributes));
        let mut outer = Map::with_capacity(1);
        outer.insert(request.to_string(), Value::Object(inner));
        Value::Object(outer)
    }

    /// A request from its wire form, `None` when `value` is neither form.
    pub fn from_wire(value: &Value) -> Option<WriteRequest> {
        if let Some(Value::Object(item)) = value.pointer("/PutRequest/Item") {
            return Some(WriteRequest::Put(item.clone()));
        }
        if let Some(Value::Object(key)) = value.pointer("/DeleteRequest/Key") {
            return Some(WriteRequest::Delete(key.clone()));
        }
        None
    }

    /// [`from_wire`](WriteRequest::from_wire), moving the attributes out of `value`.
    pub fn from_wire_owned(mut value: Value) -> Option<WriteRequest> {
        if let Some(Value::Object(item)) = value.pointer_mut("/PutRequest/Item") {
            return Some(WriteRequest::Put(std::mem::take(item)));
        }
        if let Some(Value::Object(key)) = value.pointer_mut("/DeleteRequest/Key") {
            return Some(WriteRequest::Delete(std::mem::take(key)));
        }
        None
    }

    /// The method that buffers this kind of request, for messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            WriteRequest::Put(_) => "put_item",
            WriteRequest::Delete(_) => "delete_key",
        }
    }
}

/// What a [`BatchWriter`] has done so far: requests sent, items written, retries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchWriteStats {
    /// BatchWriteItem calls made (each may include the client's own retries).
    pub requests: u64,
    /// Write requests DynamoDB confirmed.
    pub written: u64,
    /// Calls that came back with some requests unprocessed.
    pub unprocessed_responses: u64,
    /// Write requests returned unprocessed, summed over those calls.
    pub unprocessed_requests: u64,
    /// Calls that failed with a retryable error (throttling, connection, 5xx) after the
    /// client's own retries, and were retried by the writer.
    pub error_retries: u64,
    /// Buffered requests replaced by a later one for the same key (`overwrite_by_pkeys`).
    pub overwritten: u64,
}

/// Why a batch write stopped, with every write request that was not written.
///
/// Returned by [`BatchWriter::put_item`] (and the other buffering methods, which may
/// flush), [`BatchWriter::flush`] and [`BatchWriter::close`]. The requests in
/// [`unwritten`](Self::unwritten) are no longer held by the writer: they are yours, to
/// retry later, store or report. Nothing the writer accepted is ever dropped silently:
/// every request is either confirmed by DynamoDB or handed back here. For the same reason
/// it does not convert into rboto's [`Error`] (that would drop the requests); its
/// [`cause`](Self::cause) is one.
///
/// ```no_run
/// # async fn demo(mut writer: rboto_dynamodb::BatchWriter) {
/// if let Err(failure) = writer.flush().await {
///     eprintln!("{failure}");
///     for request in failure.into_unwritten() {
///         eprintln!("not written: {:?}", request.attributes());
///     }
/// }
/// # }
/// ```
pub struct BatchWriteError {
    table: String,
    cause: Option<Error>,
    attempts: u32,
    unwritten: Vec<WriteRequest>,
}

impl BatchWriteError {
    /// The error that stopped the writer: a validation error for a request rejected before
    /// sending, a service error, or `None` when DynamoDB kept returning the requests as
    /// unprocessed until the attempts ran out.
    pub fn cause(&self) -> Option<&Error> {
        self.cause.as_ref()
    }

    /// The write requests not written, in the order they were given to the writer (a
    /// batch's unprocessed requests in DynamoDB's order, then the ones never sent).
    pub fn unwritten(&self) -> &[WriteRequest] {
        &self.unwritten
    }

    /// Takes the unwritten requests.
    pub fn into_unwritten(self) -> Vec<WriteRequest> {
        self.unwritten
    }

    /// BatchWriteItem calls made for the batch that failed (0 when it was rejected before
    /// sending).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the writer gave up because DynamoDB kept the requests unprocessed or kept
    /// throttling, rather than because of bad input or a non-retryable error.
    pub fn is_exhausted(&self) -> bool {
        self.cause.as_ref().is_none_or(is_retryable)
    }
}

impl fmt::Display for BatchWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "batch write to table {:?} stopped with {} write request(s) not written",
            self.table,
            self.unwritten.len()
        )?;
        if self.attempts > 0 {
            write!(f, " after {} attempt(s)", self.attempts)?;
        }
        match &self.cause {
            Some(cause) => write!(f, ": {cause}"),
            None => f.write_str(": DynamoDB kept returning them as UnprocessedItems"),
        }
    }
}

impl fmt::Debug for BatchWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchWriteError")
            .field("table", &self.table)
            .field("cause", &self.cause)
            .field("attempts", &self.attempts)
            .field("unwritten", &self.unwritten.len())
            .finish()
    }
}

impl std::error::Error for BatchWriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// boto3's `Table.batch_writer()`, done better: buffers puts and deletes for one table and
/// sends them with BatchWriteItem, at most 25 a request.
///
/// - A request fills up at [`flush_amount`](Self::flush_amount) requests (25 by default,
///   never more) and is sent from the `put`/`delete` call that filled it.
/// - What DynamoDB returns as `UnprocessedItems`, and calls that fail with throttling or
///   another retryable error, are retried with exponential backoff and full jitter
///   ([`Backoff`]); boto3 resends unprocessed items at once, however hard DynamoDB
///   throttles.
/// - When the attempts run out, the requests not written come back in a
///   [`BatchWriteError`] instead of being lost.
/// - [`overwrite_by_pkeys`](Self::overwrite_by_pkeys) keeps only the last request for a
///   key in the buffer, as boto3 does. Without it, a second request for a buffered key
///   starts a new batch (DynamoDB rejects a batch with two requests for one key) when the
///   key attributes are known.
/// - Requests are checked before they are buffered: key attributes present (when known),
///   size under 400 KB, and attribute maps you build yourself checked against DynamoDB's
///   model (wire form, value types), so a bad request is refused on its own rather than
///   failing the batch it would have gone in. Typed puts are written straight into the
///   request text, with no attribute map built for them.
///
/// A typed [`put`](Self::put) fills in what the item type declares as `Table::put` does
/// (composed keys, the counter's initial value, timestamps). BatchWriteItem takes no
/// conditions, so items with a version attribute (optimistic locking) are written as they
/// carry it, without a version check (Java's Enhanced client refuses them in a batch
/// instead); use `Table::put` for checked writes.
///
/// There is no asynchronous drop: call [`close`](Self::close) (or
/// [`flush`](Self::flush)) and handle its result. A writer dropped with requests still
/// buffered logs a warning naming how many were lost.
///
/// ```no_run
/// # async fn demo(client: rboto_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use rboto_dynamodb::BatchWriter;
/// use serde_json::json;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User { pk: String, sk: u32, name: String }
/// # impl rboto_dynamodb::Item for User {
/// #     type Key = (String, u32);
/// #     const SCHEMA: rboto_dynamodb::KeySchema = rboto_dynamodb::KeySchema::new("pk").with_range_key("sk");
/// # }
///
/// let mut writer = BatchWriter::new(client, "users").overwrite_by_pkeys(["pk", "sk"]);
/// for i in 0..100 {
///     writer.put(&User { pk: "team-a".into(), sk: i, name: format!("user {i}") }).await?;
/// }
/// let key = json!({ "pk": { "S": "team-a" }, "sk": { "N": "7" } });
/// writer.delete_key(key.as_object().unwrap().clone()).await?;
/// let stats = writer.close().await?;
/// println!("{} written in {} requests", stats.written, stats.requests);
/// # Ok(()) }
/// ```
pub struct BatchWriter {
    client: Client,
    table: String,
    key_names: Option<Vec<String>>,
    overwrite: bool,
    flush_amount: usize,
    backoff: Backoff,
    /// The parameters sent alongside each batch's text, `{"RequestItems": {table: []}}`:
    /// all the endpoint rules read of them is the table's name.
    params: Value,
    buffer: Vec<RequestText>,
    /// The batch being sent: requests taken from the buffer and not yet confirmed.
    in_flight: InFlight,
    /// The key identity of each buffered request, when the key attributes are known.
    identities: Vec<Option<String>>,
    stats: BatchWriteStats,
}

impl BatchWriter {
    /// A writer for `table` through `client` (a DynamoDB client), with boto3's defaults:
    /// 25 requests a batch, no deduplication, and [`Backoff::default`].
    pub fn new(client: Client, table: impl Into<String>) -> BatchWriter {
        let table = table.into();
        let mut tables = Map::with_capacity(1);
        tables.insert(table.clone(), Value::Array(Vec::new()));
        BatchWriter {
            client,
            params: super::params_with("RequestItems", Value::Object(tables)),
            table,
            key_names: None,
            overwrite: false,
            flush_amount: MAX_BATCH_WRITE,
            backoff: Backoff::default(),
            buffer: Vec::new(),
            in_flight: InFlight::empty(),
            identities: Vec::new(),
            stats: BatchWriteStats::default(),
        }
    }

    /// Keeps one request per primary key in the buffer, the latest: a put or delete
    /// replaces a buffered put or delete with the same values of `pkeys` (boto3's
    /// `overwrite_by_pkeys`). Also makes `pkeys` the known key attributes, so an item
    /// without them is rejected before it is buffered.
    pub fn overwrite_by_pkeys<I, S>(mut self, pkeys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.key_names = Some(pkeys.into_iter().map(Into::into).collect());
        self.overwrite = true;
        self
    }

    /// Declares the table's key attributes (hash key, then range key) without
    /// deduplicating: items missing them are rejected before buffering, and a second
    /// request for a buffered key is sent in a later batch than the first, so both are
    /// written, in order.
    pub fn key_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.key_names = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// [`key_names`](Self::key_names) from an item type's schema:
    /// `.key_schema(User::SCHEMA)`.
    /// A schemaless type's schema ([`Document`](super::Document)'s) names no attributes,
    /// and leaves the writer as it was.
    pub fn key_schema(self, schema: KeySchema) -> Self {
        if schema.is_schemaless() {
            return self;
        }
        self.key_names(schema_names(schema))
    }

    /// [`overwrite_by_pkeys`](Self::overwrite_by_pkeys) with an item type's key
    /// attributes: `.overwrite_by_key_schema(User::SCHEMA)`.
    /// A schemaless schema leaves the writer as it was.
    pub fn overwrite_by_key_schema(self, schema: KeySchema) -> Self {
        if schema.is_schemaless() {
            return self;
        }
        self.overwrite_by_pkeys(schema_names(schema))
    }

    /// How many buffered requests make a batch to send, 1 to 25 (25 by default).
    pub fn flush_amount(mut self, amount: usize) -> Self {
        self.flush_amount = amount;
        self
    }

    /// How unprocessed requests and retryable errors are retried.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// The table written to.
    pub fn table_name(&self) -> &str {
        &self.table
    }

    /// Requests not yet confirmed by DynamoDB: buffered, or in a batch whose sending was
    /// interrupted.
    pub fn pending(&self) -> usize {
        self.buffer.len() + self.in_flight.len()
    }

    /// Counts of requests, writes and retries so far.
    pub fn stats(&self) -> BatchWriteStats {
        self.stats
    }

    /// Buffers a put of `item`, converted as [`to_item`](super::to_item) converts it, with
    /// what `T` declares filled in as [`put`](super::ItemTable::put) fills it: composed
    /// keys written from their source fields, a `counter` initialised to 0 when the item
    /// carries none, `created_at` stamped when the item carries none, `updated_at` stamped
    /// (a batch write has no update expression, so a counter is not incremented here, and
    /// a version attribute is written as it is, unchecked). Sends a batch when the buffer
    /// is full. A value that does not convert is an error with nothing unwritten.
    ///
    /// The item is written straight into the request's JSON text, without building its
    /// attribute map; for a type with composed keys, a counter or timestamps only those
    /// attributes are read back out of the text and rewritten.
    pub async fn put<T: Item>(&mut self, item: &T) -> Result<(), BatchWriteError> {
        let (request, size) = RequestText::put_with(item, Some(&T::SCHEMA))
            .map_err(|e| self.rejected(e, Vec::new()))?;
        self.add_typed(request, size).await
    }

    /// Buffers a put of any serde value that converts to an item (a struct or map), as
    /// [`to_item`](super::to_item) converts it, written as given: no key schema is known,
    /// so nothing is composed or stamped (use [`put`](Self::put) for an [`Item`] type).
    /// Sends a batch when the buffer is full.
    pub async fn put_value<T: Serialize + ?Sized>(
        &mut self,
        item: &T,
    ) -> Result<(), BatchWriteError> {
        let (request, size) = RequestText::put(item).map_err(|e| self.rejected(e, Vec::new()))?;
        self.add_typed(request, size).await
    }

    /// Buffers a delete of the item of type `T` with `key` (`T::Key`, converted by `T`'s
    /// schema); sends a batch when the buffer is full. A key that does not convert is an
    /// error with nothing unwritten.
    pub async fn delete<T: Item>(&mut self, key: &T::Key) -> Result<(), BatchWriteError> {
        let key = key_attributes::<T>(key).map_err(|e| self.rejected(e, Vec::new()))?;
        self.delete_key(key).await
    }

    /// Buffers a put of `item`, in DynamoDB's wire form; sends a batch when the buffer is
    /// full.
    pub async fn put_item(&mut self, item: AttributeMap) -> Result<(), BatchWriteError> {
        self.add(WriteRequest::Put(item)).await
    }

    /// Buffers a delete of the item with `key`, in DynamoDB's wire form; sends a batch
    /// when the buffer is full.
    pub async fn delete_key(&mut self, key: AttributeMap) -> Result<(), BatchWriteError> {
        self.add(WriteRequest::Delete(key)).await
    }

    /// Buffers `request`; sends a batch when the buffer is full.
    pub async fn write(&mut self, request: WriteRequest) -> Result<(), BatchWriteError> {
        self.add(request).await
    }

    /// Sends everything buffered, retrying what comes back unprocessed. On failure the
    /// buffer is empty and the error holds every request that was not written.
    ///
    /// Cancel-safe: when the future is dropped mid-flight (a timeout, `select!`), the batch
    /// being sent stays in the writer and the next `flush` sends it again.
    pub async fn flush(&mut self) -> Result<(), BatchWriteError> {
        while !self.in_flight.is_empty() || !self.buffer.is_empty() {
            if self.in_flight.is_empty() {
                let take = self.next_batch_len();
                self.in_flight = InFlight::new(&self.table, self.buffer.drain(..take).collect());
                self.identities.drain(..take);
            }
            if let Err(mut failure) = self.send().await {
                let never_sent = self.buffer.drain(..).filter_map(|r| r.to_request());
                failure.unwritten.extend(never_sent);
                self.identities.clear();
                return Err(failure);
            }
        }
        Ok(())
    }

    /// Sends everything buffered and ends the writer, returning what it did.
    pub async fn close(mut self) -> Result<BatchWriteStats, BatchWriteError> {
        self.flush().await?;
        Ok(self.stats)
    }

    /// Checks a request given as attribute maps and buffers its text.
    async fn add(&mut self, request: WriteRequest) -> Result<(), BatchWriteError> {
        if let Err(e) = self.check(&request) {
            return Err(self.rejected(e, vec![request]));
        }
        let identity = self
            .key_names
            .as_ref()
            .and_then(|names| key_identity(request.attributes(), names));
        let kind = request.kind();
        let wire = request.into_wire();
        match RequestText::from_wire(&self.client, &wire, Some(kind)) {
            Ok(text) => self.buffer_request(text, identity).await,
            Err(e) => {
                let handed_back = WriteRequest::from_wire_owned(wire).into_iter().collect();
                Err(self.rejected(e, handed_back))
            }
        }
    }

    /// Checks a typed put, written as text with its size counted, and buffers it.
    async fn add_typed(
        &mut self,
        request: RequestText,
        size: usize,
    ) -> Result<(), BatchWriteError> {
        let what = "put_item";
        let mut problems = self.setting_problems();
        if request.attributes() == b"{}" {
            problems.push(format!("{what}: no attributes"));
        }
        let keys = match &self.key_names {
            Some(names) => {
                let keys = pick_attributes(request.attributes(), names).unwrap_or_default();
                check_key_attributes(what, &keys, names, false, &mut problems);
                key_identity(&keys, names)
            }
            None => None,
        };
        check_size(what, size, &mut problems);
        if !problems.is_empty() {
            let handed_back = request.to_request().into_iter().collect();
            return Err(self.rejected(Error::validation(problems), handed_back));
        }
        self.buffer_request(request, keys).await
    }

    /// Buffers `request` before anything is awaited, so a dropped `put`/`delete` future
    /// never loses the request it was given: it was rejected, or it is
    /// [`pending`](Self::pending).
    async fn buffer_request(
        &mut self,
        request: RequestText,
        identity: Option<String>,
    ) -> Result<(), BatchWriteError> {
        if self.overwrite {
            let same = identity
                .as_ref()
                .and_then(|id| self.identities.iter().position(|b| b.as_ref() == Some(id)));
            if let Some(at) = same {
                self.buffer.remove(at);
                self.identities.remove(at);
                self.stats.overwritten += 1;
            }
        }
        self.buffer.push(request);
        self.identities.push(identity);
        if self.buffer.len() >= self.flush_amount {
            self.flush().await?;
        }
        Ok(())
    }

    /// How many buffered requests the next batch takes: up to the flush amount, stopping
    /// before a request whose key is already in the batch (DynamoDB rejects a batch that
    /// names one key twice).
    fn next_batch_len(&self) -> usize {
        let limit = self
            .buffer
            .len()
            .min(self.flush_amount.clamp(1, MAX_BATCH_WRITE));
        let mut keys = std::collections::HashSet::new();
        self.identities[..limit]
            .iter()
            .position(|id| id.as_ref().is_some_and(|id| !keys.insert(id)))
            .unwrap_or(limit)
    }

    /// What is wrong with the writer's settings, checked before each request is buffered.
    fn setting_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(1..=MAX_BATCH_WRITE).contains(&self.flush_amount) {
            problems.push(format!(
                "batch writer: flush_amount must be 1 to {MAX_BATCH_WRITE} (DynamoDB's limit \
                 a request), not {}",
                self.flush_amount
            ));
        }
        if let Err(e) = self.backoff.check("batch writer") {
            problems.extend(e.validation_problems().iter().cloned());
        }
        if self.table.is_empty() {
            problems.push("batch writer: the table name is empty".to_string());
        }
        problems
    }

    /// Validates settings and one request given as attribute maps before it is buffered.
    fn check(&self, request: &WriteRequest) -> Result<(), Error> {
        let mut problems = self.setting_problems();
        let what = request.kind();
        let attributes = request.attributes();
        if attributes.is_empty() {
            problems.push(format!("{what}: no attributes"));
        }
        check_attribute_values(what, attributes, &mut problems);
        if let Some(names) = &self.key_names {
            check_key_attributes(what, attributes, names, !request.is_put(), &mut problems);
        }
        if request.is_put() {
            check_item_size(what, attributes, &mut problems);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(problems))
        }
    }

    fn rejected(&self, cause: Error, unwritten: Vec<WriteRequest>) -> BatchWriteError {
        BatchWriteError {
            table: self.table.clone(),
            cause: Some(cause),
            attempts: 0,
            unwritten,
        }
    }

    /// Sends the batch in flight until every request is written or the attempts run out;
    /// the requests stay in `in_flight` until DynamoDB confirms them or they are handed back.
    async fn send(&mut self) -> Result<(), BatchWriteError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.stats.requests += 1;
            let answer = self
                .client
                .call_with_json("BatchWriteItem", &self.params, self.in_flight.body())
                .await;
            let cause = match answer {
                Ok(output) => match self.unprocessed_text(&output) {
                    Ok(left) => {
                        let sent = self.in_flight.len();
                        self.stats.written += (sent - left.len().min(sent)) as u64;
                        self.in_flight = InFlight::new(&self.table, left);
                        if self.in_flight.is_empty() {
                            return Ok(());
                        }
                        self.stats.unprocessed_responses += 1;
                        self.stats.unprocessed_requests += self.in_flight.len() as u64;
                        None
                    }
                    Err(e) => Some(e),
                },
                Err(e) if is_retryable(&e) => Some(e),
                Err(e) => {
                    return Err(BatchWriteError {
                        table: self.table.clone(),
                        cause: Some(e),
                        attempts,
                        unwritten: self.in_flight.take_requests(),
                    })
                }
            };
            if attempts >= self.backoff.attempts() || cause.as_ref().is_some_and(Error::is_response)
            {
                return Err(BatchWriteError {
                    table: self.table.clone(),
                    cause,
                    attempts,
                    unwritten: self.in_flight.take_requests(),
                });
            }
            if cause.is_some() {
                self.stats.error_retries += 1;
            }
            self.backoff.wait(attempts).await;
        }
    }

    /// The requests of the writer's table that a BatchWriteItem output returned
    /// unprocessed, as text to send again.
    fn unprocessed_text(&self, output: &Value) -> Result<Vec<RequestText>, Error> {
        unprocessed(output, &self.table)?
            .into_iter()
            .map(|request| RequestText::from_wire(&self.client, &request.into_wire(), None))
            .collect()
    }
}

impl fmt::Debug for BatchWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchWriter")
            .field("table", &self.table)
            .field("key_names", &self.key_names)
            .field("overwrite", &self.overwrite)
            .field("flush_amount", &self.flush_amount)
            .field("backoff", &self.backoff)
            .field("pending", &self.pending())
            .field("stats", &self.stats)
            .finish()
    }
}

impl Drop for BatchWriter {
    fn drop(&mut self) {
        let lost = self.pending();
        if lost == 0 {
            return;
        }
        let message = format!(
            "rboto: a BatchWriter for table {:?} was dropped with {lost} write request(s) not \
             confirmed as written ({} never sent, {} in an interrupted batch): they may be \
             LOST. Call `close().await` (or `flush().await`) before dropping it.",
            self.table,
            self.buffer.len(),
            self.in_flight.len()
        );
        tracing::warn!(table = %self.table, lost, "{message}");
        eprintln!("{message}");
    }
}

/// A schema's key attribute names, hash key first.
fn schema_names(schema: KeySchema) -> Vec<&'static str> {
    std::iter::once(schema.hash_key())
        .chain(schema.range_key())
        .collect()
}

/// The requests of `table` that a BatchWriteItem output returned unprocessed.
fn unprocessed(output: &Value, table: &str) -> Result<Vec<WriteRequest>, Error> {
    let Some(list) = output
        .get("UnprocessedItems")
        .and_then(|u| u.get(table))
        .filter(|l| !l.is_null())
    else {
        return Ok(Vec::new());
    };
    let list = list.as_array().ok_or_else(|| {
        Error::response(format!("UnprocessedItems.{table} is not a list: {list}"))
    })?;
    list.iter()
        .map(|r| {
            WriteRequest::from_wire(r).ok_or_else(|| {
                Error::response(format!(
                    "UnprocessedItems.{table} holds an unknown request: {r}"
                ))
            })
        })
        .collect()
}

/// Whether a failed call may be repeated: BatchWriteItem puts and deletes are idempotent,
/// so throttling, connection failures, timeouts and server errors are all worth retrying.
pub(crate) fn is_retryable(error: &Error) -> bool {
    error.is_throttling()
        || error.is_connect()
        || error.is_timeout()
        || error.status().is_some_and(|s| s >= 500)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn write_requests_round_trip_through_the_wire_form() {
        let item = json!({"pk": {"S": "a"}}).as_object().unwrap().clone();
        for request in [WriteRequest::Put(item.clone()), WriteRequest::Delete(item)] {
            assert_eq!(WriteRequest::from_wire(&request.to_wire()), Some(request));
        }
        assert_eq!(WriteRequest::from_wire(&json!({"Other": {}})), None);
    }

    #[test]
    fn unprocessed_reads_the_tables_list_and_rejects_garbage() {
        let out =
            json!({"UnprocessedItems": {"t": [{"DeleteRequest": {"Key": {"pk": {"S": "a"}}}}]}});
        assert_eq!(unprocessed(&out, "t").unwrap().len(), 1);
        assert!(unprocessed(&out, "other").unwrap().is_empty());
        assert!(unprocessed(&json!({"UnprocessedItems": {}}), "t")
            .unwrap()
            .is_empty());
        assert!(unprocessed(&json!({}), "t").unwrap().is_empty());
        let bad = json!({"UnprocessedItems": {"t": [{"Nope": 1}]}});
        assert!(unprocessed(&bad, "t").unwrap_err().is_response());
    }
}
