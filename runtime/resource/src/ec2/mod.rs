//! EC2 additions that need no generated types.

pub mod tags;
