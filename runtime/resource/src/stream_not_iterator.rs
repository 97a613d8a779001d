//! Why a collection is not an iterator, said where the compiler looks: generated collection
//! builders implement `Iterator` only for types implementing [`UseStreamToIterate`], which
//! none does, so `for item in bucket.objects()` fails naming this trait, whose message says to
//! call `.stream()` (boto3's `.all()`), instead of a bare "is not an iterator".

/// Never implemented: a collection is an async `Stream` of every page, read with
/// `.stream()` (boto3's `.all()`) and `futures::TryStreamExt`
/// (`while let Some(item) = stream.try_next().await? { .. }`), or page by page with
/// `.pages()`. The lifetime only keeps the bound from being trivially false in generated code.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a collection, an async stream of every page, not an iterator",
    label = "call `.stream()` (boto3's `.all()`) and read it with `futures::TryStreamExt`",
    note = "`while let Some(item) = collection.stream().try_next().await? {{ .. }}`; `.pages()` reads page by page"
)]
pub trait UseStreamToIterate<'a> {}
