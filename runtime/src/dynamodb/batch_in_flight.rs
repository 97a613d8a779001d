//! The batch a [`BatchWriter`](super::BatchWriter) is sending, kept as the `BatchWriteItem`
//! parameters themselves: each attempt sends them as they are, without copying the items,
//! and they stay in the writer until DynamoDB confirms them or they are handed back.

use serde_json::{Map, Value};

use super::batch_writer::WriteRequest;

/// Requests taken from the writer's buffer and not yet confirmed, in wire form.
pub(super) struct InFlight {
    /// `{"RequestItems": {table: [request, ...]}}`, or `Null` when nothing is in flight.
    params: Value,
    len: usize,
}

impl InFlight {
    /// Nothing in flight.
    pub(super) fn empty() -> InFlight {
        InFlight {
            params: Value::Null,
            len: 0,
        }
    }

    /// A batch of `requests` for `table`, moved into wire form.
    pub(super) fn new(table: &str, requests: Vec<WriteRequest>) -> InFlight {
        if requests.is_empty() {
            return InFlight::empty();
        }
        let len = requests.len();
        let wire = requests.into_iter().map(WriteRequest::into_wire).collect();
        let mut tables = Map::with_capacity(1);
        tables.insert(table.to_owned(), Value::Array(wire));
        InFlight {
            params: super::params_with("RequestItems", Value::Object(tables)),
            len,
        }
    }

    /// How many requests are in flight.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is in flight.
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `BatchWriteItem` parameters that send the batch.
    pub(super) fn params(&self) -> &Value {
        &self.params
    }

    /// Empties the batch, handing its requests back in order.
    pub(super) fn take_requests(&mut self) -> Vec<WriteRequest> {
        self.len = 0;
        let Value::Object(mut params) = std::mem::take(&mut self.params) else {
            return Vec::new();
        };
        let Some(Value::Object(tables)) = params.remove("RequestItems") else {
            return Vec::new();
        };
        tables
            .into_iter()
            .flat_map(|(_, list)| match list {
                Value::Array(list) => list,
                _ => Vec::new(),
            })
            .filter_map(WriteRequest::from_wire_owned)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(pk: &str) -> Map<String, Value> {
        json!({"pk": {"S": pk}}).as_object().unwrap().clone()
    }

    #[test]
    fn a_batch_is_sent_as_parameters_and_handed_back_whole() {
        let requests = vec![
            WriteRequest::Put(item("a")),
            WriteRequest::Delete(item("b")),
        ];
        let mut batch = InFlight::new("t", requests.clone());
        assert_eq!(batch.len(), 2);
        assert_eq!(
            batch.params(),
            &json!({"RequestItems": {"t": [
                {"PutRequest": {"Item": {"pk": {"S": "a"}}}},
                {"DeleteRequest": {"Key": {"pk": {"S": "b"}}}}
            ]}})
        );
        assert_eq!(batch.take_requests(), requests);
        assert!(batch.is_empty());
        assert!(batch.take_requests().is_empty());
        assert!(InFlight::new("t", Vec::new()).is_empty());
    }
}
