//! DynamoDB: items through serde, expressions, and typed table calls.

pub mod expression;
mod item;
mod locking;
mod query;
mod table;
mod transaction;
mod write;

pub use expression::{
    Attr, AttributeType, BuiltExpressions, Condition, Expressions, Key, KeyCondition, Operand,
    Path, Projection, Size, Update,
};
pub use item::{key_attributes, Item, KeySchema};
pub use query::{Page, Query, Scan};
pub use table::{DeleteItem, Get, ItemTable, Put, PutOutput, UpdateItem};
pub use transaction::{CancellationReason, TableName, TransactGet, TransactWrite};
