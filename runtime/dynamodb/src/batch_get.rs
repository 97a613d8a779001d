//! [`BatchGetter`]: every item for a list of keys of one table, with BatchGetItem, 100
//! keys a request, `UnprocessedKeys` retried under backoff and, when it gives up, the keys
//! not read handed back with the items that were.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::backoff::Backoff;
use super::batch_keys::{check_attribute_values, check_key_attributes, key_identity};
use super::batch_writer::is_retryable;
use super::composed::{fill_sources, has_composed};
use super::{from_item, key_attributes, AttributeMap, Item, KeySchema};
use rboto_runtime::client::Client;
use rboto_runtime::error::Error;

/// The most keys one BatchGetItem may ask for.
pub const MAX_BATCH_GET: usize = 100;

/// What a [`BatchGetter`] has done so far, summed over its calls to `get`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchGetStats {
    /// BatchGetItem calls made (each may include the client's own retries).
    pub requests: u64,
    /// Items received.
    pub items: u64,
    /// Calls that came back with some keys unprocessed.
    pub unprocessed_responses: u64,
    /// Keys returned unprocessed, summed over those calls.
    pub unprocessed_keys: u64,
    /// Calls that failed with a retryable error after the client's own retries, and were
    /// retried by the getter.
    pub error_retries: u64,
    /// Keys given more than once, asked for once.
    pub duplicate_keys: u64,
}

/// Why a batch get stopped, with the items read so far and every key not read.
///
/// ```no_run
/// # async fn demo(getter: rboto_dynamodb::BatchGetter,
/// #     keys: Vec<rboto_dynamodb::AttributeMap>) {
/// match getter.get(keys).await {
///     Ok(items) => println!("{} items", items.len()),
///     Err(failure) => {
///         println!("{} items read, {} keys not", failure.items().len(), failure.unread_keys().len());
///     }
/// }
/// # }
/// ```
pub struct BatchGetError {
    table: String,
    cause: Option<Error>,
    attempts: u32,
    items: Vec<AttributeMap>,
    unread: Vec<AttributeMap>,
}

impl BatchGetError {
    /// The error that stopped the getter: a validation error for keys rejected before
    /// sending, a service error, the error converting an item (`get_typed`), or `None`
    /// when DynamoDB kept returning keys as unprocessed until the attempts ran out.
    pub fn cause(&self) -> Option<&Error> {
        self.cause.as_ref()
    }

    /// The items read before the getter stopped, in DynamoDB's wire form.
    pub fn items(&self) -> &[AttributeMap] {
        &self.items
    }

    /// The keys whose items were not read (unprocessed ones first, then those never sent).
    pub fn unread_keys(&self) -> &[AttributeMap] {
        &self.unread
    }

    /// Takes the items read and the keys not read.
    pub fn into_parts(self) -> (Vec<AttributeMap>, Vec<AttributeMap>) {
        (self.items, self.unread)
    }

    /// BatchGetItem calls made for the chunk of keys that failed (0 when the keys were
    /// rejected before sending).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for BatchGetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "batch get from table {:?} stopped with {} item(s) read and {} key(s) not read",
            self.table,
            self.items.len(),
            self.unread.len()
        )?;
        if self.attempts > 0 {
            write!(f, " after {} attempt(s)", self.attempts)?;
        }
        match &self.cause {
            Some(cause) => write!(f, ": {cause}"),
            None => f.write_str(": DynamoDB kept returning them as UnprocessedKeys"),
        }
    }
}

impl fmt::Debug for BatchGetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchGetError")
            .field("table", &self.table)
            .field("cause", &self.cause)
            .field("attempts", &self.attempts)
            .field("items", &self.items.len())
            .field("unread_keys", &self.unread.len())
            .finish()
    }
}

impl std::error::Error for BatchGetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Reads many items of one table by key with BatchGetItem: the keys are split into
/// requests of 100, `UnprocessedKeys` are retried with exponential backoff and full jitter
/// ([`Backoff`]), duplicate keys are asked for once (DynamoDB rejects a request that
/// repeats a key), and the items come back in the order of the keys.
///
/// boto3 has no such helper: its users call `batch_get_item` and loop over
/// `UnprocessedKeys` themselves.
///
/// ```no_run
/// # async fn demo(client: rboto_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use rboto_dynamodb::BatchGetter;
/// use serde_json::json;
///
/// #[derive(serde::Deserialize)]
/// struct User { pk: String, name: String }
///
/// let keys = (0..250)
///     .map(|i| json!({ "pk": { "S": format!("user-{i}") } }).as_object().unwrap().clone())
///     .collect();
/// let users: Vec<User> = BatchGetter::new(client, "users")
///     .consistent_read(true)
///     .projection(["pk", "name"])
///     .get_typed(keys)
///     .await?;
/// println!("{} users", users.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct BatchGetter {
    client: Client,
    table: String,
    consistent_read: bool,
    projection: Option<String>,
    names: Map<String, Value>,
    /// Whether `names` are the placeholders [`projection`](Self::projection) made.
    names_generated: bool,
    backoff: Backoff,
    stats: Arc<Mutex<BatchGetStats>>,
}

impl BatchGetter {
    /// A getter for `table` through `client` (a DynamoDB client): eventually consistent
    /// reads of whole items, [`Backoff::default`].
    pub fn new(client: Client, table: impl Into<String>) -> BatchGetter {
        BatchGetter {
            client,
            table: table.into(),
            consistent_read: false,
            projection: None,
            names: Map::new(),
            names_generated: false,
            backoff: Backoff::default(),
            stats: Arc::default(),
        }
    }

    /// Strongly consistent reads (`ConsistentRead`), at twice the read capacity.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = consistent;
        self
    }

    /// Reads only these top-level attributes. Each name goes through a placeholder
    /// (`#p0`, `#p1`, ...), so reserved words such as `name` need no escaping. Include the
    /// key attributes to get the items back in the order of the keys. Replaces any earlier
    /// projection and its placeholders (DynamoDB rejects a placeholder left unused).
    pub fn projection<I, S>(mut self, attributes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.names.clear();
        self.names_generated = true;
        let mut placeholders = Vec::new();
        for (i, attribute) in attributes.into_iter().enumerate() {
            let placeholder = format!("#p{i}");
            self.names
                .insert(placeholder.clone(), Value::String(attribute.into()));
            placeholders.push(placeholder);
        }
        self.projection = Some(placeholders.join(", "));
        self
    }

    /// Reads what a `ProjectionExpression` names (`"#a.b[0], c"`); bind its placeholders
    /// with [`expression_attribute_name`](Self::expression_attribute_name). Replaces an
    /// earlier [`projection`](Self::projection) and the placeholders it made.
    pub fn projection_expression(mut self, expression: impl Into<String>) -> Self {
        if self.names_generated {
            self.names.clear();
            self.names_generated = false;
        }
        self.projection = Some(expression.into());
        self
    }

    /// Binds placeholder `#name` of the projection expression to attribute `attribute`.
    pub fn expression_attribute_name(
        mut self,
        placeholder: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Self {
        self.names
            .insert(placeholder.into(), Value::String(attribute.into()));
        self
    }

    /// How unprocessed keys and retryable errors are retried.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// The table read.
    pub fn table_name(&self) -> &str {
        &self.table
    }

    /// Counts of requests, items and retries so far, over every `get` of this getter and
    /// its clones.
    pub fn stats(&self) -> BatchGetStats {
        *self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The items of `keys` converted with [`from_item`]; see [`get`](Self::get).
    pub async fn get_typed<T: DeserializeOwned>(
        &self,
        keys: Vec<AttributeMap>,
    ) -> Result<Vec<T>, BatchGetError> {
        self.get_decoded(keys, None).await
    }

    /// The items of `keys` converted with [`from_item`], their composed keys' source
    /// attributes parsed back first when `schema` is given and the item lacks them.
    async fn get_decoded<T: DeserializeOwned>(
        &self,
        keys: Vec<AttributeMap>,
        schema: Option<&KeySchema>,
    ) -> Result<Vec<T>, BatchGetError> {
        let items = self.get(keys).await?;
        let mut typed = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let decoded = match schema.filter(|s| has_composed(s)) {
                Some(schema) => {
                    let mut filled = item.clone();
                    fill_sources(schema, &mut filled);
                    from_item(&filled)
                }
                None => from_item(item),
            };
            match decoded {
                Ok(value) => typed.push(value),
                Err(e) => {
                    return Err(BatchGetError {
                        table: self.table.clone(),
                        cause: Some(Error::serialization(format!("item {index}: {e}"))),
                        attempts: 0,
                        items,
                        unread: Vec::new(),
                    })
                }
            }
        }
        Ok(typed)
    }

    /// The items of type `T` that exist for `keys` (`T::Key` values, converted by `T`'s
    /// schema: composed keys are built from their source values), in the order of the
    /// keys; see [`get`](Self::get). An item that lacks the source attributes of its
    /// composed keys (written by another tool) gets them parsed back, as `get` does. A key that does not
    /// convert is a validation error naming its index; then nothing is sent.
    ///
    /// ```no_run
    /// # async fn demo(getter: rboto_dynamodb::BatchGetter) -> Result<(), Box<dyn std::error::Error>> {
    /// use rboto_dynamodb::{Item, KeySchema};
    ///
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct Order { user: String, order: u32, total: u64 }
    /// impl Item for Order {
    ///     type Key = (String, u32);
    ///     const SCHEMA: KeySchema = KeySchema::new("user").with_range_key("order");
    /// }
    ///
    /// let orders: Vec<Order> = getter
    ///     .get_items::<Order>((1..=3).map(|n| ("ada".to_string(), n)))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_items<T: Item>(
        &self,
        keys: impl IntoIterator<Item = T::Key>,
    ) -> Result<Vec<T>, BatchGetError> {
        let mut converted = Vec::new();
        for (index, key) in keys.into_iter().enumerate() {
            match key_attributes::<T>(&key) {
                Ok(key) => converted.push(key),
                Err(e) => {
                    let problems = e.validation_problems();
                    let cause = if problems.is_empty() {
                        Error::validation(vec![format!("keys[{index}]: {e}")])
                    } else {
                        Error::validation(
                            problems
                                .iter()
                                .map(|p| format!("keys[{index}]: {p}"))
                                .collect(),
                        )
                    };
                    return Err(BatchGetError {
                        table: self.table.clone(),
                        cause: Some(cause),
                        attempts: 0,
                        items: Vec::new(),
                        unread: Vec::new(),
                    });
                }
            }
        }
        self.get_decoded(converted, Some(&T::SCHEMA)).await
    }

    /// Every item that exists for `keys` (keys in DynamoDB's wire form, each with exactly
    /// the table's key attributes), in the order of the keys, a key given twice read once,
    /// missing items left out. When a projection leaves out a key attribute, the items
    /// come in the order DynamoDB returns them.
    pub async fn get(&self, keys: Vec<AttributeMap>) -> Result<Vec<AttributeMap>, BatchGetError> {
        let key_names = match self.check(&keys) {
            Ok(names) => names,
            Err(e) => {
                return Err(BatchGetError {
                    table: self.table.clone(),
                    cause: Some(e),
                    attempts: 0,
                    items: Vec::new(),
                    unread: keys,
                })
            }
        };
        let mut order = HashMap::with_capacity(keys.len());
        let mut unique = Vec::with_capacity(keys.len());
        for key in keys {
            let identity = key_identity(&key, &key_names).unwrap_or_default();
            if order.contains_key(&identity) {
                self.update(|s| s.duplicate_keys += 1);
                continue;
            }
            order.insert(identity, unique.len());
            unique.push(key);
        }
        let mut items = Vec::with_capacity(unique.len());
        let mut rest = unique.into_iter();
        loop {
            let chunk: Vec<AttributeMap> = rest.by_ref().take(MAX_BATCH_GET).collect();
            if chunk.is_empty() {
                break;
            }
            if let Err((cause, attempts, mut unread)) = self.send(chunk, &mut items).await {
                unread.extend(rest);
                return Err(BatchGetError {
                    table: self.table.clone(),
                    cause,
                    attempts,
                    items,
                    unread,
                });
            }
        }
        let positions: Option<Vec<usize>> = items
            .iter()
            .map(|item| key_identity(item, &key_names).and_then(|id| order.get(&id).copied()))
            .collect();
        if let Some(positions) = positions {
            let mut ordered: Vec<(usize, AttributeMap)> =
                positions.into_iter().zip(items).collect();
            ordered.sort_by_key(|(position, _)| *position);
            items = ordered.into_iter().map(|(_, item)| item).collect();
        }
        Ok(items)
    }

    /// Validates settings and keys; returns the key attribute names (those of the first
    /// key, which every other key must have exactly).
    fn check(&self, keys: &[AttributeMap]) -> Result<Vec<String>, Error> {
        let mut problems = Vec::new();
        if let Err(e) = self.backoff.check("batch get") {
            problems.extend(e.validation_problems().iter().cloned());
        }
        if self.table.is_empty() {
            problems.push("batch get: the table name is empty".to_string());
        }
        let names: Vec<String> = keys
            .first()
            .map(|k| k.keys().cloned().collect())
            .unwrap_or_default();
        if names.len() > 2 {
            problems.push(format!(
                "batch get: keys[0] has {} attributes ({}); a key has a hash key and at most \
                 a range key",
                names.len(),
                names.join(", ")
            ));
        }
        for (index, key) in keys.iter().enumerate() {
            let what = format!("batch get: keys[{index}]");
            if key.is_empty() {
                problems.push(format!("{what}: no attributes"));
                continue;
            }
            check_attribute_values(&what, key, &mut problems);
            check_key_attributes(&what, key, &names, true, &mut problems);
        }
        if problems.is_empty() {
            Ok(names)
        } else {
            Err(Error::validation(problems))
        }
    }

    /// Reads one chunk of at most 100 keys into `items` until no key is left unprocessed
    /// or the attempts run out (then: the cause, the attempts and the keys not read).
    async fn send(
        &self,
        mut pending: Vec<AttributeMap>,
        items: &mut Vec<AttributeMap>,
    ) -> Result<(), (Option<Error>, u32, Vec<AttributeMap>)> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.update(|s| s.requests += 1);
            let params = self.params(&pending);
            let cause = match self.client.call("BatchGetItem", params).await {
                Ok(mut output) => match take_response(&mut output, &self.table) {
                    Ok((got, left)) => {
                        self.update(|s| s.items += got.len() as u64);
                        items.extend(got);
                        if left.is_empty() {
                            return Ok(());
                        }
                        self.update(|s| {
                            s.unprocessed_responses += 1;
                            s.unprocessed_keys += left.len() as u64;
                        });
                        pending = left;
                        None
                    }
                    Err(e) => return Err((Some(e), attempts, pending)),
                },
                Err(e) if is_retryable(&e) => Some(e),
                Err(e) => return Err((Some(e), attempts, pending)),
            };
            if attempts >= self.backoff.attempts() {
                return Err((cause, attempts, pending));
            }
            if cause.is_some() {
                self.update(|s| s.error_retries += 1);
            }
            self.backoff.wait(attempts).await;
        }
    }

    /// BatchGetItem's parameters for `keys`.
    fn params(&self, keys: &[AttributeMap]) -> Value {
        let mut request = Map::new();
        let keys = keys.iter().cloned().map(Value::Object).collect();
        request.insert("Keys".into(), Value::Array(keys));
        if self.consistent_read {
            request.insert("ConsistentRead".into(), Value::Bool(true));
        }
        if let Some(projection) = &self.projection {
            request.insert(
                "ProjectionExpression".into(),
                Value::String(projection.clone()),
            );
            if !self.names.is_empty() {
                request.insert(
                    "ExpressionAttributeNames".into(),
                    Value::Object(self.names.clone()),
                );
            }
        }
        let mut tables = Map::new();
        tables.insert(self.table.clone(), Value::Object(request));
        super::params_with("RequestItems", Value::Object(tables))
    }

    fn update(&self, change: impl FnOnce(&mut BatchGetStats)) {
        change(&mut self.stats.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

impl fmt::Debug for BatchGetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchGetter")
            .field("table", &self.table)
            .field("consistent_read", &self.consistent_read)
            .field("projection", &self.projection)
            .field("backoff", &self.backoff)
            .finish()
    }
}

/// Takes the items of `table` from a BatchGetItem output, and the keys it left
/// unprocessed.
fn take_response(
    output: &mut Value,
    table: &str,
) -> Result<(Vec<AttributeMap>, Vec<AttributeMap>), Error> {
    let items = match output.pointer_mut(&format!("/Responses/{}", escape_pointer(table))) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => maps(std::mem::take(list), "Responses", table)?,
        Some(other) => {
            return Err(Error::response(format!(
                "Responses.{table} is not a list: {other}"
            )))
        }
    };
    let left = match output.pointer_mut(&format!("/UnprocessedKeys/{}/Keys", escape_pointer(table)))
    {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => maps(std::mem::take(list), "UnprocessedKeys", table)?,
        Some(other) => {
            return Err(Error::response(format!(
                "UnprocessedKeys.{table}.Keys is not a list: {other}"
            )))
        }
    };
    Ok((items, left))
}

fn maps(list: Vec<Value>, member: &str, table: &str) -> Result<Vec<AttributeMap>, Error> {
    list.into_iter()
        .map(|v| match v {
            Value::Object(map) => Ok(map),
            other => Err(Error::response(format!(
                "{member}.{table} holds {other}, not a map"
            ))),
        })
        .collect()
}

/// `table` as one JSON pointer segment.
fn escape_pointer(table: &str) -> String {
    table.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn take_response_splits_items_and_unprocessed_keys() {
        let mut out = json!({
            "Responses": {"t": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}], "u": [{"pk": {"S": "z"}}]},
            "UnprocessedKeys": {"t": {"Keys": [{"pk": {"S": "c"}}], "ConsistentRead": true}}
        });
        let (items, left) = take_response(&mut out, "t").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            left,
            vec![json!({"pk": {"S": "c"}}).as_object().unwrap().clone()]
        );
        let (items, left) = take_response(&mut json!({"Responses": {}}), "t").unwrap();
        assert!(items.is_empty() && left.is_empty());
        assert!(take_response(&mut json!({"Responses": {"t": 3}}), "t")
            .unwrap_err()
            .is_response());
    }
}
