//! [`AttributeExt`]: the common path of a resource attribute, without the `Option`.
//!
//! A resource attribute getter (`object.size()`, `instance.state()`) answers
//! `Result<Option<T>, Error>`: `None` says AWS did not send the member, which matters for some
//! (an instance without a public IP) and not for most. Where absence means "the default",
//! `.or_default()` says so once, before the `.await`: `object.size().or_default().await?` is
//! an `i64`.
//!
//! ```
//! use rboto_runtime::AttributeExt;
//! # futures::executor::block_on(async {
//! // What `object.size()` answers when S3 sent no size:
//! let size = async { Ok::<Option<i64>, rboto_runtime::Error>(None) };
//! assert_eq!(size.or_default().await?, 0);
//! # Ok::<(), rboto_runtime::Error>(()) }).unwrap();
//! ```
//!
//! Nothing is generated per attribute: the methods apply to every future whose output is a
//! `Result<Option<T>, Error>`, so they cost a program only where it calls them.

use std::future::Future;

use futures::future::{FutureExt, Map};

use crate::error::Error;

/// The future `or_default` returns: the getter's, its `None` read as the default.
type OrDefault<F, T> = Map<F, fn(Result<Option<T>, Error>) -> Result<T, Error>>;

/// `.or_default()` on an attribute getter's future: `object.size().or_default().await?` is
/// an `i64`, `0` when S3 sent no size. `None` from a getter says AWS did not send the member;
/// where that means "the default", this says so once, before the `.await`. It applies to every
/// future whose output is a `Result<Option<T>, Error>`, so nothing is generated per attribute.
pub trait AttributeExt<T>: Future<Output = Result<Option<T>, Error>> + Sized {
    /// The attribute, or `T::default()` (0, `""`, an empty list) when AWS did not send it.
    #[doc(alias = "unwrap_or_default")]
    fn or_default(self) -> OrDefault<Self, T>
    where
        T: Default,
    {
        self.map(|read| read.map(Option::unwrap_or_default))
    }
}

impl<T, F> AttributeExt<T> for F where F: Future<Output = Result<Option<T>, Error>> {}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(value: Option<u32>) -> Result<Option<u32>, Error> {
        Ok(value)
    }

    #[tokio::test]
    async fn absence_becomes_the_default_or_the_fallback_and_errors_pass_through() {
        assert_eq!(read(None).or_default().await.unwrap(), 0);
        assert_eq!(read(Some(7)).or_default().await.unwrap(), 7);
        let failed = async { Err::<Option<String>, _>(Error::model("no such thing")) };
        let error = failed.or_default().await.unwrap_err();
        assert!(error.to_string().contains("no such thing"), "{error}");
    }
}
