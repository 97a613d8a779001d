//! The parameters of one item write (PutItem, UpdateItem, DeleteItem, or a transaction's
//! ConditionCheck): table, item or key, condition, update and version check, shared by the
//! single-item calls and the transactions. Non-generic: typed callers convert first.

use serde_json::{Map, Value};

use super::expression::{Condition, Expressions, Update};
use super::extensions;
use super::item::KeySchema;
use super::locking;
use super::AttributeMap;
use rboto_runtime::error::Error;

/// Which write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteKind {
    Put,
    Update,
    Delete,
    ConditionCheck,
}

impl WriteKind {
    /// The operation of a single-item call.
    pub(crate) fn operation(self) -> &'static str {
        match self {
            WriteKind::Put => "PutItem",
            WriteKind::Update => "UpdateItem",
            WriteKind::Delete => "DeleteItem",
            WriteKind::ConditionCheck => "ConditionCheck",
        }
    }
}

/// One item write, before it becomes request parameters.
#[derive(Debug)]
pub(crate) struct WriteSpec {
    pub table: String,
    pub schema: KeySchema,
    pub kind: WriteKind,
    /// The whole item of a put, the key otherwise (or why it could not be converted).
    pub target: Result<AttributeMap, Error>,
    pub condition: Option<Condition>,
    pub update: Option<Update>,
    pub expected_version: Option<u64>,
}

impl WriteSpec {
    /// A write of `kind` to `table`.
    pub(crate) fn new(
        table: String,
        schema: KeySchema,
        kind: WriteKind,
        target: Result<AttributeMap, Error>,
    ) -> Self {
        WriteSpec {
            table,
            schema,
            kind,
            target,
            condition: None,
            update: None,
            expected_version: None,
        }
    }

    /// `TableName`, `Item` or `Key` and the expressions, with the version check added;
    /// and the version the write stores, when it knows it.
    pub(crate) fn params(self) -> Result<(Map<String, Value>, Option<u64>), Error> {
        let what = self.kind.operation();
        let mut target = self.target?;
        let mut params = Map::new();
        params.insert("TableName".into(), Value::String(self.table));
        let mut expressions = Expressions::new();
        let mut version = None;
        let condition = match self.kind {
            WriteKind::Put => {
                if self.expected_version.is_some() {
                    return Err(Error::validation(vec![
                        "PutItem: a put checks the version the item carries; expected_version \
                         is for updates and deletes"
                            .to_owned(),
                    ]));
                }
                extensions::before_put(&self.schema, &mut target)?;
                let stamp = locking::stamp_put(&self.schema, &mut target)?;
                let lock = stamp.map(|s| {
                    version = Some(s.version);
                    s.condition
                });
                params.insert("Item".into(), Value::Object(target));
                locking::and(self.condition, lock)
            }
            WriteKind::Update => {
                let update = self.update.ok_or_else(|| {
                    Error::validation(vec![
                        "UpdateItem: no update given; call .update(Update::new().set(..))"
                            .to_owned(),
                    ])
                })?;
                let update = extensions::before_update(&self.schema, update);
                let (update, lock) =
                    locking::versioned_write(&self.schema, Some(update), self.expected_version)?;
                version = self.expected_version.map(|n| n + 1);
                if let Some(update) = update {
                    expressions = expressions.update(update);
                }
                params.insert("Key".into(), Value::Object(target));
                locking::and(self.condition, lock)
            }
            WriteKind::Delete => {
                let (_, lock) =
                    locking::versioned_write(&self.schema, None, self.expected_version)?;
                params.insert("Key".into(), Value::Object(target));
                locking::and(self.condition, lock)
            }
            WriteKind::ConditionCheck => {
                if self.condition.is_none() {
                    return Err(Error::validation(vec![format!(
                        "{what}: a condition check needs a condition"
                    )]));
                }
                let (_, lock) =
                    locking::versioned_write(&self.schema, None, self.expected_version)?;
                params.insert("Key".into(), Value::Object(target));
                locking::and(self.condition, lock)
            }
        };
        if let Some(condition) = condition {
            expressions = expressions.condition(condition);
        }
        expressions.build()?.apply_to(&mut params)?;
        Ok((params, version))
    }
}
