//! Why a collection is not an iterator, said as the compiler's headline: generated collection
//! builders implement `Iterator` only where `NotAnIterator<Builder>: UseStreamToIterate<'a,
//! Builder>`, which never holds, so `for item in bucket.objects()` (or passing a collection to
//! anything taking `IntoIterator`) fails with this trait's message, "`ObjectsCollection` is a
//! collection, an async stream of every page, not an iterator", labelled "call `.stream()`".
//!
//! Two details make the message the headline rather than a help line:
//!
//! - The unmet bound's self type is [`NotAnIterator<Builder>`], not the builder. When the failed
//!   bound sits on the same type as the obligation the user's code raised (`Builder:
//!   IntoIterator` for a `for` loop), rustc reports that outer obligation with `Iterator`'s own
//!   message ("is not an iterator") and mentions ours only in a help line; a different self type
//!   makes it report the bound that failed, with its `on_unimplemented` message.
//! - The impl is of `Iterator`, not `IntoIterator`. An `IntoIterator` impl would stand beside
//!   core's blanket `impl<I: Iterator> IntoIterator for I`; with two candidate impls and neither
//!   holding, rustc reports "`IntoIterator` is not implemented" and names neither bound. Through
//!   `Iterator` the blanket impl is the only candidate for `IntoIterator` and ours the only one
//!   for `Iterator`, so rustc follows both down to the marker.
//!
//! It costs correct code nothing: the impl is never used, so never instantiated, and the builders
//! implement no other iteration trait, so no `IntoIterator`-based API changes meaning. A method
//! call (`bucket.objects().map(..)`) still gets rustc's method-lookup error, which reads
//! `Iterator`'s message and lists the unmet marker bound among its notes.

use std::marker::PhantomData;

/// Never implemented: a collection is an async `Stream` of every page, read with
/// `.stream()` (boto3's `.all()`) and `futures::TryStreamExt`
/// (`while let Some(item) = stream.try_next().await? { .. }`), or page by page with
/// `.pages()`. `C` is the collection builder, named in the message; the lifetime only keeps the
/// bound from being trivially false in generated code.
#[diagnostic::on_unimplemented(
    message = "`{C}` is a collection, an async stream of every page, not an iterator",
    label = "call `.stream()` (boto3's `.all()`) and read it with `futures::TryStreamExt`",
    note = "`while let Some(item) = collection.stream().try_next().await? {{ .. }}`; `.pages()` reads page by page"
)]
pub trait UseStreamToIterate<'a, C> {}

/// The self type of the [`UseStreamToIterate`] bound on a collection builder `C`, distinct from
/// `C` so that rustc's error names the bound's message first (see the module doc). Never built.
#[derive(Debug)]
pub struct NotAnIterator<C>(PhantomData<C>);
