//! Hands out credentials from a provider and refreshes temporary ones before they expire,
//! the way botocore's `RefreshableCredentials` does.
//!
//! - More than [`ADVISORY_REFRESH`] (15 min) left: the cached credentials are returned.
//! - Inside the advisory window: one caller refreshes while the others keep using the cached
//!   credentials; a failed refresh is logged and the cached credentials are still returned.
//! - Inside [`MANDATORY_REFRESH`] (10 min) or with nothing cached: every caller waits for the
//!   one refresh in flight, and a failure is returned to all of them.
//!
//! Credentials without an expiry are fetched once and kept.

use super::{Clock, CredentialProvider, Credentials};
use crate::session::ProvideCredentials;
use crate::Error;
use futures::future::BoxFuture;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;

/// Refresh when less than this is left, if no other refresh is running.
pub const ADVISORY_REFRESH: Duration = Duration::from_secs(15 * 60);
/// Refresh when less than this is left, waiting for it.
pub const MANDATORY_REFRESH: Duration = Duration::from_secs(10 * 60);

/// A caching, refreshing wrapper around a [`CredentialProvider`] (usually a
/// [`CredentialsChain`](super::CredentialsChain)); plug it into a session as its
/// [`ProvideCredentials`].
pub struct CredentialsCache {
    provider: Arc<dyn CredentialProvider>,
    current: RwLock<Option<Credentials>>,
    refresh: Mutex<()>,
    clock: Clock,
    advisory: Duration,
    mandatory: Duration,
}

enum Freshness {
    Fresh,
    Advisory,
    Mandatory,
}

impl CredentialsCache {
    /// A cache over `provider` with botocore's refresh windows and the system clock.
    pub fn new(provider: Arc<dyn CredentialProvider>) -> Self {
        CredentialsCache {
            provider,
            current: RwLock::new(None),
            refresh: Mutex::new(()),
            clock: Clock::system(),
            advisory: ADVISORY_REFRESH,
            mandatory: MANDATORY_REFRESH,
        }
    }

    /// Uses `clock` for the time.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Uses other refresh windows (`advisory` should not be shorter than `mandatory`).
    pub fn with_refresh_windows(mut self, advisory: Duration, mandatory: Duration) -> Self {
        self.advisory = advisory.max(mandatory);
        self.mandatory = mandatory;
        self
    }

    /// The provider behind the cache.
    pub fn provider(&self) -> &Arc<dyn CredentialProvider> {
        &self.provider
    }

    /// Current credentials, refreshed first when they are about to expire.
    pub async fn credentials(&self) -> Result<Credentials, Error> {
        if let Some(cached) = self.cached() {
            match self.freshness(&cached) {
                Freshness::Fresh => return Ok(cached),
                Freshness::Advisory => {
                    let Ok(_guard) = self.refresh.try_lock() else {
                        return Ok(cached);
                    };
                    let Some(cached) = self.cached() else {
                        return self.fetch().await;
                    };
                    if let Freshness::Fresh = self.freshness(&cached) {
                        return Ok(cached);
                    }
                    return match self.fetch().await {
                        Ok(fresh) => Ok(fresh),
                        Err(err) => {
                            tracing::warn!(
                                provider = self.provider.name(),
                                error = %err,
                                "refreshing temporary credentials failed during the advisory \
                                 refresh period; using the current ones"
                            );
                            Ok(cached)
                        }
                    };
                }
                Freshness::Mandatory => {}
            }
        }
        let _guard = self.refresh.lock().await;
        if let Some(cached) = self.cached() {
            if !matches!(self.freshness(&cached), Freshness::Mandatory) {
                return Ok(cached);
            }
        }
        self.fetch().await
    }

    fn cached(&self) -> Option<Credentials> {
        self.current.read().expect("credentials lock").clone()
    }

    fn remaining(&self, creds: &Credentials) -> Option<Duration> {
        let expiry = creds.expiry()?;
        Some(
            expiry
                .duration_since(self.clock.now())
                .unwrap_or(Duration::ZERO),
        )
    }

    fn freshness(&self, creds: &Credentials) -> Freshness {
        match self.remaining(creds) {
            None => Freshness::Fresh,
            Some(left) if left >= self.advisory => Freshness::Fresh,
            Some(left) if left >= self.mandatory => Freshness::Advisory,
            Some(_) => Freshness::Mandatory,
        }
    }

    /// Asks the provider; the caller holds the refresh lock.
    async fn fetch(&self) -> Result<Credentials, Error> {
        let fresh = self
            .provider
            .provide()
            .await?
            .ok_or_else(|| match self.cached() {
                Some(_) => Error::credentials(format!(
                    "refreshing temporary credentials from {} found none",
                    self.provider.name()
                )),
                None => Error::credentials(
                    "unable to locate credentials: no provider in the chain found any",
                ),
            })?;
        if let Some(expiry) = fresh.expiry() {
            if expiry <= self.clock.now() {
                return Err(Error::credentials(format!(
                    "credentials from {} were refreshed, but the refreshed credentials are still expired",
                    self.provider.name()
                )));
            }
        }
        *self.current.write().expect("credentials lock") = Some(fresh.clone());
        Ok(fresh)
    }

    /// When the cached credentials expire, if any are cached and they expire.
    pub fn cached_expiry(&self) -> Option<SystemTime> {
        self.cached().and_then(|c| c.expiry())
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider.name())
            .field("cached", &self.cached())
            .finish()
    }
}

impl CredentialProvider for CredentialsCache {
    fn name(&self) -> &'static str {
        self.provider.name()
    }

    fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
        Box::pin(async move { self.credentials().await.map(Some) })
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    /// Issues credentials `K<n>` valid for `lifetime` from the fake clock's time.
    struct Issuer {
        calls: AtomicUsize,
        now: Arc<AtomicU64>,
        lifetime: Duration,
        fail_from_call: usize,
        delay: Duration,
    }

    impl CredentialProvider for Issuer {
        fn name(&self) -> &'static str {
            "issuer"
        }

        fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(self.delay).await;
                if n >= self.fail_from_call {
                    return Err(Error::credentials("issuer is down"));
                }
                let now =
                    SystemTime::UNIX_EPOCH + Duration::from_secs(self.now.load(Ordering::SeqCst));
                Ok(Some(
                    Credentials::new(format!("K{n}"), "S", Some("T".into()))
                        .with_expiry(now + self.lifetime),
                ))
            })
        }
    }

    fn setup(
        lifetime: Duration,
        fail_from_call: usize,
        delay: Duration,
    ) -> (Arc<Issuer>, Arc<AtomicU64>, CredentialsCache) {
        let now = Arc::new(AtomicU64::new(1_000_000));
        let issuer = Arc::new(Issuer {
            calls: AtomicUsize::new(0),
            now: now.clone(),
            lifetime,
            fail_from_call,
            delay,
        });
        let clock_now = now.clone();
        let cache = CredentialsCache::new(issuer.clone()).with_clock(Clock::from_fn(move || {
            SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst))
        }));
        (issuer, now, cache)
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[tokio::test]
    async fn refreshes_by_window() {
        let (issuer, now, cache) = setup(HOUR, usize::MAX, Duration::ZERO);
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "K1");
        // 44 minutes later: 16 minutes left, still fresh.
        now.fetch_add(44 * 60, Ordering::SeqCst);
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "K1");
        // 47 minutes in: 13 minutes left, advisory refresh.
        now.fetch_add(3 * 60, Ordering::SeqCst);
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "K2");
        assert_eq!(issuer.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn advisory_failure_keeps_old_credentials_but_mandatory_failure_is_returned() {
        let (_issuer, now, cache) = setup(HOUR, 2, Duration::ZERO);
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "K1");
        now.fetch_add(47 * 60, Ordering::SeqCst);
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "K1");
        now.fetch_add(5 * 60, Ordering::SeqCst);
        let err = cache.credentials().await.unwrap_err();
        assert!(err.to_string().contains("issuer is down"), "{err}");
    }

    #[tokio::test]
    async fn credentials_that_arrive_expired_are_an_error() {
        let (_issuer, _now, cache) = setup(Duration::ZERO, usize::MAX, Duration::ZERO);
        let err = cache.credentials().await.unwrap_err();
        assert!(err.to_string().contains("still expired"), "{err}");
    }

    #[tokio::test]
    async fn static_credentials_are_fetched_once() {
        struct Once(AtomicUsize);
        impl CredentialProvider for Once {
            fn name(&self) -> &'static str {
                "once"
            }
            fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
                self.0.fetch_add(1, Ordering::SeqCst);
                Box::pin(async { Ok(Some(Credentials::new("A", "S", None))) })
            }
        }
        let provider = Arc::new(Once(AtomicUsize::new(0)));
        let cache = CredentialsCache::new(provider.clone());
        for _ in 0..3 {
            cache.credentials().await.unwrap();
        }
        assert_eq!(provider.0.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_refresh_under_load() {
        let (issuer, now, cache) = setup(HOUR, usize::MAX, Duration::from_millis(50));
        let cache = Arc::new(cache);
        let first = futures::future::join_all((0..32).map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await.unwrap() })
        }))
        .await;
        assert!(first
            .iter()
            .all(|r| r.as_ref().unwrap().access_key_id() == "K1"));
        assert_eq!(issuer.calls.load(Ordering::SeqCst), 1);
        // Into the mandatory window: everyone waits for the single refresh.
        now.fetch_add(55 * 60, Ordering::SeqCst);
        let second = futures::future::join_all((0..32).map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await.unwrap() })
        }))
        .await;
        assert!(second
            .iter()
            .all(|r| r.as_ref().unwrap().access_key_id() == "K2"));
        assert_eq!(issuer.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn nothing_found_is_a_credentials_error() {
        struct Nothing;
        impl CredentialProvider for Nothing {
            fn name(&self) -> &'static str {
                "nothing"
            }
            fn provide(&self) -> BoxFuture<'_, Result<Option<Credentials>, Error>> {
                Box::pin(async { Ok(None) })
            }
        }
        let err = CredentialsCache::new(Arc::new(Nothing))
            .credentials()
            .await
            .unwrap_err();
        assert!(err.is_credentials());
        assert!(err.to_string().contains("unable to locate credentials"));
    }

    #[test]
    fn debug_redacts() {
        let cache =
            CredentialsCache::new(Arc::new(super::super::chain::CredentialsChain::new(vec![])));
        *cache.current.write().unwrap() = Some(Credentials::new(
            "AKID",
            "SECRETKEY",
            Some("TOKENVALUE".into()),
        ));
        let shown = format!("{cache:?}");
        assert!(
            shown.contains("AKID") && !shown.contains("SECRETKEY") && !shown.contains("TOKENVALUE")
        );
    }
}
