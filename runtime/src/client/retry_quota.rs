//! The retry quota of standard and adaptive modes: a token bucket shared by every call of
//! one client, so that a failing service is not hammered with retries.
//!
//! The numbers are botocore's (`retries/quota.py`, `RetryQuotaChecker` in
//! `retries/standard.py`): the bucket holds 500 tokens; a retry after a throttling error
//! costs 5, any other retry 14; a call that succeeds at once gives 1 back, a call that
//! succeeds after retries gives back what its last retry cost. Without enough tokens, the
//! error is returned instead of retried.

use std::sync::Mutex;

/// Tokens in a full quota.
pub(crate) const INITIAL_CAPACITY: u32 = 500;
/// Cost of a retry after an error that is not throttling (timeouts, 5xx, connection errors).
pub(crate) const RETRY_COST: u32 = 14;
/// Cost of a retry after a throttling error.
pub(crate) const THROTTLING_RETRY_COST: u32 = 5;
/// Given back by a call that succeeded on its first attempt.
pub(crate) const NO_RETRY_INCREMENT: u32 = 1;

/// A client's retry quota.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    max: u32,
    available: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota::new(INITIAL_CAPACITY)
    }
}

impl RetryQuota {
    /// A full quota of `capacity` tokens.
    pub(super) fn new(capacity: u32) -> Self {
        RetryQuota {
            max: capacity,
            available: Mutex::new(capacity),
        }
    }

    /// Takes the cost of one retry; false (and nothing taken) when the quota cannot pay it.
    pub(super) fn acquire(&self, throttling: bool) -> Option<u32> {
        let cost = if throttling {
            THROTTLING_RETRY_COST
        } else {
            RETRY_COST
        };
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        if cost > *available {
            return None;
        }
        *available -= cost;
        Some(cost)
    }

    /// Gives tokens back after a successful call, never above the initial capacity.
    pub(super) fn release(&self, amount: u32) {
        let mut available = self.available.lock().unwrap_or_else(|e| e.into_inner());
        *available = (*available + amount).min(self.max);
    }

    /// Tokens left.
    pub(super) fn available(&self) -> u32 {
        *self.available.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_by_cost_and_refills_up_to_the_cap() {
        let quota = RetryQuota::default();
        assert_eq!(quota.acquire(false), Some(14));
        assert_eq!(quota.acquire(true), Some(5));
        assert_eq!(quota.available(), 481);
        quota.release(NO_RETRY_INCREMENT);
        assert_eq!(quota.available(), 482);
        quota.release(1000);
        assert_eq!(quota.available(), 500);
        let small = RetryQuota::new(18);
        assert_eq!(small.acquire(false), Some(14));
        assert_eq!(small.acquire(false), None, "4 tokens cannot pay 14");
        assert_eq!(small.available(), 4);
        assert_eq!(small.acquire(true), None, "nor 5");
    }
}
