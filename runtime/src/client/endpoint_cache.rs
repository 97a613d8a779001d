//! The endpoints a client resolved recently, by the parameters they were resolved with, so
//! a run of calls with the same parameters (every call to a table, every call to one bucket)
//! evaluates the rule set once, as botocore's resolver cache does.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::endpoint::ResolvedEndpoint;
use crate::endpoint::EndpointParams;

/// How many distinct parameter sets are kept; the least recently used is dropped first.
const CAPACITY: usize = 32;

/// Recently resolved endpoints, most recently used first.
#[derive(Default)]
pub(crate) struct EndpointCache {
    entries: Mutex<VecDeque<(EndpointParams, ResolvedEndpoint)>>,
}

impl EndpointCache {
    /// The endpoint resolved earlier for `params`, if it is still kept.
    pub(crate) fn get(&self, params: &EndpointParams) -> Option<ResolvedEndpoint> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let found = entries.iter().position(|(p, _)| p == params)?;
        let entry = entries.remove(found)?;
        let endpoint = entry.1.clone();
        entries.push_front(entry);
        Some(endpoint)
    }

    /// Keeps `endpoint` as the answer for `params`.
    pub(crate) fn insert(&self, params: EndpointParams, endpoint: ResolvedEndpoint) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == CAPACITY {
            entries.pop_back();
        }
        entries.push_front((params, endpoint));
    }
}

impl Clone for EndpointCache {
    /// A new, empty cache: a copy resolves afresh.
    fn clone(&self) -> Self {
        EndpointCache::default()
    }
}

impl std::fmt::Debug for EndpointCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.entries.lock().map_or(0, |e| e.len());
        write!(f, "EndpointCache({len} endpoints)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(url: &str) -> ResolvedEndpoint {
        ResolvedEndpoint {
            url: url.to_owned(),
            headers: Vec::new(),
            scheme: None,
            signing_name: None,
            signing_region: None,
            disable_double_encoding: false,
        }
    }

    fn bucket(name: &str) -> EndpointParams {
        EndpointParams::new()
            .with("Region", "us-east-1")
            .with("Bucket", name)
    }

    #[test]
    fn an_endpoint_is_found_by_equal_parameters_in_any_order() {
        let cache = EndpointCache::default();
        cache.insert(bucket("a"), endpoint("https://a"));
        let reordered = EndpointParams::new()
            .with("Bucket", "a")
            .with("Region", "us-east-1");
        assert_eq!(cache.get(&reordered).unwrap().url, "https://a");
        assert!(cache.get(&bucket("b")).is_none());
    }

    #[test]
    fn the_least_recently_used_goes_first() {
        let cache = EndpointCache::default();
        for i in 0..CAPACITY {
            cache.insert(bucket(&i.to_string()), endpoint(&format!("https://{i}")));
        }
        assert!(cache.get(&bucket("0")).is_some());
        cache.insert(bucket("new"), endpoint("https://new"));
        assert!(cache.get(&bucket("0")).is_some(), "used last, so kept");
        assert!(
            cache.get(&bucket("1")).is_none(),
            "least recently used, so dropped"
        );
        assert!(cache.get(&bucket("new")).is_some());
    }
}
