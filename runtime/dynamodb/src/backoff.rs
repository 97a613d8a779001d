//! [`Backoff`]: exponential backoff with full jitter, for the retries of the batch writer
//! and the batch getter (unprocessed items and keys, throttling).

use std::time::Duration;

use rboto_runtime::client::random_unit;
use rboto_runtime::error::Error;

/// How a batch operation retries what DynamoDB left undone: up to `max_attempts` requests
/// for one batch (the first included), waiting a random time between zero and
/// `min(max_delay, base_delay × 2^(retry − 1))` before retry number `retry` ("full
/// jitter", which spreads competing writers apart better than a fixed or equal-jitter
/// delay).
///
/// The defaults (50 ms base, 5 s cap, 10 attempts) ride out short bursts of throttling
/// for about 15 seconds in the worst case before handing the unwritten requests back.
///
/// ```
/// use std::time::Duration;
/// use rboto_dynamodb::Backoff;
///
/// let backoff = Backoff::default()
///     .base_delay(Duration::from_millis(20))
///     .max_delay(Duration::from_secs(1))
///     .max_attempts(6);
/// assert!(backoff.delay(3) <= Duration::from_millis(80));
/// assert!(backoff.delay(30) <= Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    base_delay: Duration,
    max_delay: Duration,
    max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(5),
            max_attempts: 10,
        }
    }
}

impl Backoff {
    /// The delay cap of the first retry; each later retry doubles it.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait before any retry.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// How many requests one batch may take in all, the first included; at least 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The configured base delay.
    pub fn base(&self) -> Duration {
        self.base_delay
    }

    /// The configured delay cap.
    pub fn cap(&self) -> Duration {
        self.max_delay
    }

    /// A random wait before retry number `retry` (1 for the first retry): uniform between
    /// zero and `min(max_delay, base_delay × 2^(retry − 1))`.
    pub fn delay(&self, retry: u32) -> Duration {
        self.ceiling(retry).mul_f64(random_unit())
    }

    /// The upper bound of [`delay`](Self::delay) for retry number `retry`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// Rejects settings that cannot work (no attempt at all), naming the setting.
    pub(crate) fn check(&self, what: &str) -> Result<(), Error> {
        if self.max_attempts == 0 {
            return Err(Error::validation(vec![format!(
                "{what}: max_attempts must be at least 1 (the first request counts as one)"
            )]));
        }
        Ok(())
    }

    /// Sleeps before retry number `retry`.
    pub(crate) async fn wait(&self, retry: u32) {
        let delay = self.delay(retry);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_from_the_base_up_to_the_cap() {
        let b = Backoff::default()
            .base_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(100));
        let ceilings: Vec<u128> = (1..=6).map(|r| b.ceiling(r).as_millis()).collect();
        assert_eq!(ceilings, [10, 20, 40, 80, 100, 100]);
        assert_eq!(b.ceiling(1000), Duration::from_millis(100));
    }

    #[test]
    fn delay_stays_within_its_ceiling_and_varies() {
        let b = Backoff::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        let delays: Vec<Duration> = (0..200).map(|_| b.delay(2)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(200)));
        let distinct: std::collections::HashSet<_> = delays.iter().collect();
        assert!(distinct.len() > 100, "full jitter should spread delays");
        assert!(delays.iter().any(|d| *d < Duration::from_millis(100)));
        assert!(delays.iter().any(|d| *d > Duration::from_millis(100)));
    }

    #[test]
    fn zero_attempts_is_rejected_by_name() {
        let err = Backoff::default()
            .max_attempts(0)
            .check("batch writer")
            .unwrap_err();
        assert!(err.is_validation());
        assert!(err.to_string().contains("max_attempts must be at least 1"));
        assert!(Backoff::default().check("x").is_ok());
    }
}
