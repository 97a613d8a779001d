//! The codec's internal error: a message and the attribute path it happened at.

use std::fmt;

/// One step of an attribute path.
#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

/// An error raised while converting an item, with the path to the attribute at fault.
///
/// The path is collected while the error travels outward: each map or list it leaves adds
/// its step, so the innermost step is pushed first.
#[derive(Debug, Clone)]
pub(crate) struct PathError {
    reversed_path: Vec<Segment>,
    message: String,
    /// Raised by a visitor refusing a newtype or bytes: how a loose type refuses a value it
    /// has no exact form for, which the reader then explains.
    refused_newtype: bool,
}

impl PathError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        PathError {
            reversed_path: Vec::new(),
            message: message.into(),
            refused_newtype: false,
        }
    }

    /// A visitor's refusal of a newtype that nothing has explained yet.
    pub(crate) fn is_unexplained_refusal(&self) -> bool {
        self.refused_newtype && self.reversed_path.is_empty()
    }

    /// When this is a visitor's refusal of the newtype just handed to it, the error
    /// `message` says why instead; any other error is kept.
    pub(crate) fn explain_no_exact_form(self, message: impl FnOnce() -> String) -> Self {
        if self.is_unexplained_refusal() {
            PathError::new(message())
        } else {
            self
        }
    }

    /// The same error, one map entry further out.
    pub(crate) fn at_key(mut self, key: &str) -> Self {
        self.reversed_path.push(Segment::Key(key.to_owned()));
        self
    }

    /// The same error, one list element further out.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.reversed_path.push(Segment::Index(index));
        self
    }

    /// The path in document-path form, such as `items[3].tags`; empty at the top.
    pub(crate) fn path(&self) -> String {
        let mut path = String::new();
        for segment in self.reversed_path.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        path
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{path}: {}", self.message)
        }
    }
}

impl std::error::Error for PathError {}

impl serde::ser::Error for PathError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PathError::new(msg.to_string())
    }
}

impl serde::de::Error for PathError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PathError::new(msg.to_string())
    }

    fn invalid_type(
        unexpected: serde::de::Unexpected<'_>,
        expected: &dyn serde::de::Expected,
    ) -> Self {
        let mut error = PathError::new(format!("invalid type: {unexpected}, expected {expected}"));
        error.refused_newtype = matches!(
            unexpected,
            serde::de::Unexpected::NewtypeStruct | serde::de::Unexpected::Bytes(_)
        );
        error
    }
}

impl From<rboto_runtime::Error> for PathError {
    fn from(error: rboto_runtime::Error) -> Self {
        match error.validation_problems() {
            [one] => PathError::new(one.clone()),
            _ => PathError::new(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_reads_outermost_first() {
        let err = PathError::new("bad")
            .at_key("tags")
            .at_index(3)
            .at_key("items");
        assert_eq!(err.path(), "items[3].tags");
        assert_eq!(err.to_string(), "items[3].tags: bad");
        assert_eq!(PathError::new("bad").to_string(), "bad");
        assert_eq!(PathError::new("x").at_index(0).at_index(2).path(), "[2][0]");
    }
}
