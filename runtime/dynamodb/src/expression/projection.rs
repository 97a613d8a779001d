//! Projections: which attributes a read returns.

use super::path::Path;
use super::placeholders::Placeholders;

/// A `ProjectionExpression`: the attributes (or nested parts of them) a read returns.
///
/// ```
/// use rboto_dynamodb::expression::{Expressions, Path, Projection};
///
/// let projection = Projection::new(["id", "address.city", "orders[0]"]).with(Path::name("a.b"));
/// let built = Expressions::new().projection(projection).build().unwrap();
/// assert_eq!(
///     built.projection_expression.as_deref(),
///     Some("#n0, #n1.#n2, #n3[0], #n4")
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Projection {
    paths: Vec<Path>,
}

impl Projection {
    /// The attributes at `paths` (text such as `"a.b[2]"` or [`Path`]s). An empty projection,
    /// or one naming a path twice or a path and a part of it, is an error when built.
    pub fn new<I>(paths: I) -> Projection
    where
        I: IntoIterator,
        I::Item: Into<Path>,
    {
        Projection {
            paths: paths.into_iter().map(Into::into).collect(),
        }
    }

    /// This projection and also `path`.
    pub fn with(mut self, path: impl Into<Path>) -> Projection {
        self.paths.push(path.into());
        self
    }

    pub(crate) fn render(&self, placeholders: &mut Placeholders, out: &mut String) {
        if self.paths.is_empty() {
            placeholders.problem("no attributes; name at least one");
            return;
        }
        for (i, a) in self.paths.iter().enumerate() {
            for b in &self.paths[i + 1..] {
                if a.overlaps(b) {
                    placeholders
                        .problem(format_args!("`{a}` and `{b}` overlap; name each part once"));
                }
            }
        }
        for (i, path) in self.paths.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            placeholders.path(path, out);
        }
    }
}
