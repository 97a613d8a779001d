//! Adaptive mode's client-side rate limiter, as botocore builds it (`retries/adaptive.py`,
//! `bucket.py`, `throttling.py`): once a throttling error is seen, every attempt first takes
//! a token from a bucket whose fill rate follows TCP CUBIC: cut to 70 % of the measured
//! send rate on throttling, then grown along a cubic curve back toward (and past) the rate
//! at which throttling began.
//!
//! Time is tokio's clock, so tests can pause and advance it.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// CUBIC's scaling constant.
const SCALE_CONSTANT: f64 = 0.4;
/// CUBIC's multiplicative decrease.
const BETA: f64 = 0.7;
/// The bucket never fills slower than this (tokens per second).
const MIN_FILL_RATE: f64 = 0.5;
/// The rate may not exceed twice the measured send rate.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;
/// Weight of the newest measurement in the smoothed send rate.
const SMOOTHING: f64 = 0.8;
/// Width of the time buckets the send rate is measured over (seconds).
const TIME_BUCKET_RANGE: f64 = 0.5;

/// The rate limiter of one client.
#[derive(Debug)]
pub(crate) struct ClientRateLimiter {
    origin: Instant,
    state: Mutex<LimiterState>,
}

#[derive(Debug)]
struct LimiterState {
    enabled: bool,
    bucket: TokenBucket,
    cubic: Cubic,
    clocker: RateClocker,
}

impl ClientRateLimiter {
    /// A limiter that lets everything through until the first throttling error.
    pub(super) fn new() -> Self {
        let origin = Instant::now();
        ClientRateLimiter {
            origin,
            state: Mutex::new(LimiterState {
                enabled: false,
                bucket: TokenBucket::new(1.0, 0.0),
                cubic: Cubic::new(0.0, 0.0),
                clocker: RateClocker::new(0.0),
            }),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a send token, when throttling has switched the limiter on.
    pub(super) async fn before_send(&self) {
        loop {
            let wait = {
                let mut state = self.lock();
                if !state.enabled {
                    return;
                }
                let now = self.now();
                match state.bucket.try_acquire(now) {
                    None => return,
                    Some(wait) => wait,
                }
            };
            tracing::trace!(?wait, "adaptive retry: waiting for a send token");
            tokio::time::sleep(wait).await;
        }
    }

    /// Records a response (or failure) and adjusts the send rate: down on throttling,
    /// along the cubic curve otherwise.
    pub(super) fn after_response(&self, throttled: bool) {
        let now = self.now();
        let mut state = self.lock();
        let measured = state.clocker.record(now);
        let new_rate = if throttled {
            let rate = if state.enabled {
                measured.min(state.bucket.fill_rate)
            } else {
                measured
            };
            state.enabled = true;
            state.cubic.error_received(rate, now)
        } else {
            state.cubic.success_received(now)
        };
        let rate = new_rate.min(MAX_RATE_ADJUST_SCALE * measured);
        state.bucket.set_max_rate(rate, now);
        if throttled {
            tracing::debug!(
                send_rate = rate,
                measured_rate = measured,
                "adaptive retry: throttled, lowering the send rate"
            );
        }
    }

    /// Whether throttling has switched rate limiting on.
    #[cfg(test)]
    pub(crate) fn enabled(&self) -> bool {
        self.lock().enabled
    }

    /// The bucket's current fill rate (tokens per second).
    #[cfg(test)]
    pub(crate) fn fill_rate(&self) -> f64 {
        self.lock().bucket.fill_rate
    }
}

/// Tokens for sending, refilled at `fill_rate` per second up to `max_capacity`.
#[derive(Debug)]
struct TokenBucket {
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last: Option<f64>,
}

impl TokenBucket {
    fn new(max_rate: f64, now: f64) -> Self {
        let mut bucket = TokenBucket {
            fill_rate: MIN_FILL_RATE,
            max_capacity: 1.0,
            capacity: 0.0,
            last: None,
        };
        bucket.set_max_rate(max_rate, now);
        bucket
    }

    fn refill(&mut self, now: f64) {
        match self.last {
            None => self.last = Some(now),
            Some(last) => {
                let filled = (now - last).max(0.0) * self.fill_rate;
                self.capacity = (self.capacity + filled).min(self.max_capacity);
                self.last = Some(now);
            }
        }
    }

    fn set_max_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = if rate >= 1.0 { rate } else { 1.0 };
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// Takes a token, or says how long until one is there.
    fn try_acquire(&mut self, now: f64) -> Option<Duration> {
        self.refill(now);
        if self.capacity >= 1.0 {
            self.capacity -= 1.0;
            return None;
        }
        let seconds = (1.0 - self.capacity) / self.fill_rate;
        Some(Duration::from_secs_f64(seconds.max(0.001)))
    }
}

/// The CUBIC rate calculator.
#[derive(Debug)]
struct Cubic {
    w_max: f64,
    k: f64,
    last_fail: f64,
}

impl Cubic {
    fn new(starting_max_rate: f64, now: f64) -> Self {
        let mut cubic = Cubic {
            w_max: starting_max_rate,
            k: 0.0,
            last_fail: now,
        };
        cubic.k = cubic.zero_point();
        cubic
    }

    fn zero_point(&self) -> f64 {
        (self.w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    fn success_received(&self, now: f64) -> f64 {
        let dt = now - self.last_fail;
        SCALE_CONSTANT * (dt - self.k).powi(3) + self.w_max
    }

    fn error_received(&mut self, current_rate: f64, now: f64) -> f64 {
        self.w_max = current_rate;
        self.k = self.zero_point();
        self.last_fail = now;
        current_rate * BETA
    }
}

/// The smoothed rate at which the client sends, measured in half-second buckets.
#[derive(Debug)]
struct RateClocker {
    measured: f64,
    count: f64,
    last_bucket: f64,
}

impl RateClocker {
    fn new(now: f64) -> Self {
        RateClocker {
            measured: 0.0,
            count: 0.0,
            last_bucket: now.floor(),
        }
    }

    fn record(&mut self, now: f64) -> f64 {
        let scale = 1.0 / TIME_BUCKET_RANGE;
        let bucket = (now * scale).floor() / scale;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let current = self.count / (bucket - self.last_bucket);
            self.measured = current * SMOOTHING + self.measured * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cubic_matches_botocores_curve() {
        let mut cubic = Cubic::new(10.0, 0.0);
        assert!((cubic.k - (10.0f64 * 0.3 / 0.4).cbrt()).abs() < 1e-12);
        assert!((cubic.success_received(cubic.k) - 10.0).abs() < 1e-9);
        assert!((cubic.error_received(10.0, 5.0) - 7.0).abs() < 1e-12);
        // One second after the failure: 0.4 * (1 - k)^3 + 10.
        let k = (10.0f64 * 0.3 / 0.4).cbrt();
        let expected = 0.4 * (1.0 - k).powi(3) + 10.0;
        assert!((cubic.success_received(6.0) - expected).abs() < 1e-9);
    }

    #[test]
    fn bucket_refills_at_its_rate_and_never_below_half_a_token_a_second() {
        let mut bucket = TokenBucket::new(0.1, 0.0);
        assert_eq!(bucket.fill_rate, MIN_FILL_RATE);
        assert_eq!(bucket.max_capacity, 1.0);
        let wait = bucket.try_acquire(0.0).unwrap();
        assert!((wait.as_secs_f64() - 2.0).abs() < 1e-9, "{wait:?}");
        assert!(bucket.try_acquire(2.0).is_none());
        bucket.set_max_rate(4.0, 2.0);
        assert!(bucket.try_acquire(2.5).is_none(), "2 tokens filled");
        assert!(bucket.try_acquire(2.5).is_none());
        assert!(bucket.try_acquire(2.5).is_some());
    }

    #[test]
    fn clocker_smooths_the_rate_per_half_second() {
        let mut clock = RateClocker::new(0.0);
        for _ in 0..4 {
            assert_eq!(clock.record(0.1), 0.0);
        }
        // The fifth send lands in the next bucket: 5 sends over 0.5 s, weighted 0.8.
        assert!((clock.record(0.6) - 8.0).abs() < 1e-9);
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_switches_the_limiter_on_and_slows_sends() {
        let limiter = ClientRateLimiter::new();
        limiter.before_send().await;
        assert!(!limiter.enabled());
        for _ in 0..10 {
            tokio::time::advance(Duration::from_millis(100)).await;
            limiter.after_response(false);
        }
        limiter.after_response(true);
        assert!(limiter.enabled());
        let rate = limiter.fill_rate();
        assert!(rate >= MIN_FILL_RATE);
        let burst = rate.max(1.0);
        let start = Instant::now();
        let sends = 30;
        for _ in 0..sends {
            limiter.before_send().await;
        }
        let took = start.elapsed().as_secs_f64();
        let least = (sends as f64 - burst) / rate;
        assert!(
            took >= least - 0.01,
            "{sends} sends at {rate}/s took {took}s, expected at least {least}s"
        );
    }
}
