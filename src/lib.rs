//! rboto
