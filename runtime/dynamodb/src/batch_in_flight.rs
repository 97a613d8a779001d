//! The batch a [`BatchWriter`](super::BatchWriter) is sending, kept as the `BatchWriteItem`
//! body itself: each attempt sends the same bytes without copying the items, and they stay
//! in the writer until DynamoDB confirms them or they are handed back.

use std::ops::Range;

use bytes::Bytes;

use super::batch_text::{request_of, RequestText};
use super::batch_writer::WriteRequest;

/// Requests taken from the writer's buffer and not yet confirmed, as the request body.
pub(super) struct InFlight {
    /// `{"RequestItems":{"table":[request,...]}}`, or empty when nothing is in flight.
    body: Bytes,
    /// Where each request's text lies in `body`.
    requests: Vec<Range<usize>>,
}

impl InFlight {
    /// Nothing in flight.
    pub(super) fn empty() -> InFlight {
        InFlight {
            body: Bytes::new(),
            requests: Vec::new(),
        }
    }

    /// A batch of `requests` for `table`.
    pub(super) fn new(table: &str, requests: Vec<RequestText>) -> InFlight {
        if requests.is_empty() {
            return InFlight::empty();
        }
        let length: usize = requests.iter().map(|r| r.as_bytes().len() + 1).sum();
        let mut body = Vec::with_capacity(length + table.len() + 32);
        body.extend_from_slice(b"{\"RequestItems\":{");
        serde_json::to_writer(&mut body, table).expect("writing to memory cannot fail");
        body.extend_from_slice(b":[");
        let mut spans = Vec::with_capacity(requests.len());
        for (i, request) in requests.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            let start = body.len();
            body.extend_from_slice(request.as_bytes());
            spans.push(start..body.len());
        }
        body.extend_from_slice(b"]}}");
        InFlight {
            body: Bytes::from(body),
            requests: spans,
        }
    }

    /// How many requests are in flight.
    pub(super) fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether nothing is in flight.
    pub(super) fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The `BatchWriteItem` body that sends the batch (a cheap handle on the same bytes).
    pub(super) fn body(&self) -> Bytes {
        self.body.clone()
    }

    /// Empties the batch, handing its requests back in order.
    pub(super) fn take_requests(&mut self) -> Vec<WriteRequest> {
        let body = std::mem::take(&mut self.body);
        std::mem::take(&mut self.requests)
            .into_iter()
            .filter_map(|span| request_of(&body[span]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[derive(serde::Serialize)]
    struct Row {
        pk: &'static str,
    }

    #[test]
    fn a_batch_is_sent_as_one_body_and_handed_back_whole() {
        let requests = vec![
            RequestText::put(&Row { pk: "a" }).unwrap().0,
            RequestText::put(&Row { pk: "b" }).unwrap().0,
        ];
        let expected: Vec<WriteRequest> = requests.iter().filter_map(|r| r.to_request()).collect();
        let mut batch = InFlight::new("t\"1", requests);
        assert_eq!(batch.len(), 2);
        let body: Value = serde_json::from_slice(&batch.body()).unwrap();
        assert_eq!(
            body,
            json!({"RequestItems": {"t\"1": [
                {"PutRequest": {"Item": {"pk": {"S": "a"}}}},
                {"PutRequest": {"Item": {"pk": {"S": "b"}}}}
            ]}})
        );
        assert_eq!(batch.take_requests(), expected);
        assert!(batch.is_empty());
        assert!(batch.take_requests().is_empty());
        assert!(InFlight::new("t", Vec::new()).is_empty());
    }
}
