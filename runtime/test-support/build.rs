//! Turns the Rust blocks of `docs/from-boto3.md` into functions the guide's test binary runs
//! against moto, so the test runs the very text the guide shows (see `src/guide.rs`).
//!
//! Each ```` ```rust ```` block becomes a module holding the block's code with rustdoc's `#`
//! marks taken off (the hidden `async fn demo(..)` line is the function). A block whose first
//! visible line starts `// Compile-only:` is only listed, with that line as its reason. The
//! idiom numbers are the `// N` comments that end the block's visible lines.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let guide = manifest.join("../../docs/from-boto3.md");
    println!("cargo:rerun-if-changed={}", guide.display());
    let text = std::fs::read_to_string(&guide)
        .unwrap_or_else(|e| panic!("reading {}: {e}", guide.display()));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let blocks_path = out.join("guide_blocks.rs");
    std::fs::write(&blocks_path, blocks_source(&guide, &text)).expect("writing guide_blocks.rs");
    std::fs::write(out.join("guide_macro.rs"), macro_source(&blocks_path))
        .expect("writing guide_macro.rs");
}

/// One fenced Rust block of the guide.
struct Block {
    /// The 1-based line of the opening fence.
    line: usize,
    /// The block's lines with rustdoc's hiding marks removed.
    code: Vec<String>,
    /// The idiom numbers its visible lines end with.
    idioms: Vec<u32>,
    /// Why it does not run, from its `// Compile-only:` line.
    compile_only: Option<String>,
    /// Whether the function takes the session the test aims at moto.
    takes_session: bool,
    /// How many visible lines were read so far.
    visible_lines: usize,
}

fn parse(guide: &Path, text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match current.as_mut() {
            None if trimmed.starts_with("```rust") => {
                current = Some(Block {
                    line: index + 1,
                    code: Vec::new(),
                    idioms: Vec::new(),
                    compile_only: None,
                    takes_session: false,
                    visible_lines: 0,
                });
            }
            None => {}
            Some(_) if trimmed.starts_with("```") => blocks.extend(current.take()),
            Some(block) => {
                let (hidden, code) = match line.strip_prefix("# ") {
                    Some(rest) => (true, rest),
                    None if line == "#" => (true, ""),
                    None => (false, line),
                };
                if hidden && code.trim_start().starts_with("async fn demo(") {
                    block.takes_session = code.contains("session: rboto::Session");
                }
                if !hidden {
                    block.visible_lines += 1;
                    if let Some(reason) = code.trim().strip_prefix("// Compile-only:") {
                        if block.visible_lines == 1 {
                            block.compile_only = Some(reason.trim().to_owned());
                        }
                    }
                    if let Some(number) = trailing_idiom(code) {
                        block.idioms.push(number);
                    }
                }
                block.code.push(code.to_owned());
            }
        }
    }
    assert!(
        current.is_none(),
        "{}: a ```rust block is not closed",
        guide.display()
    );
    blocks
}

/// The number `N` of a line ending in `// N` (an idiom's marker).
fn trailing_idiom(line: &str) -> Option<u32> {
    let (_, comment) = line.rsplit_once("//")?;
    let comment = comment.trim();
    (!comment.is_empty() && comment.bytes().all(|b| b.is_ascii_digit()))
        .then(|| comment.parse().ok())
        .flatten()
}

fn blocks_source(guide: &Path, text: &str) -> String {
    let blocks = parse(guide, text);
    let mut source =
        String::from("// Written by rboto-test-support's build.rs from docs/from-boto3.md.\n");
    let mut table = String::from("/// Every Rust block of the guide, in order.\n");
    table.push_str("pub fn guide_blocks() -> ::std::vec::Vec<GuideBlock> {\n    ::std::vec![\n");
    for (number, block) in blocks.iter().enumerate() {
        let name = format!("guide_block_{}", number + 1);
        let run = if block.compile_only.is_some() {
            "None".to_owned()
        } else {
            format!("Some(::std::boxed::Box::new({name}::run))")
        };
        writeln!(
            table,
            "        GuideBlock {{ line: {}, idioms: &{:?}, compile_only: {:?}, run: {run} }},",
            block.line, block.idioms, block.compile_only
        )
        .expect("writing to a String");
        if block.compile_only.is_some() {
            continue;
        }
        writeln!(
            source,
            "\n// docs/from-boto3.md, the block at line {}.",
            block.line
        )
        .expect("writing to a String");
        writeln!(source, "mod {name} {{\n#![allow(unused, clippy::all)]")
            .expect("writing to a String");
        for line in &block.code {
            source.push_str(line);
            source.push('\n');
        }
        let call = if block.takes_session {
            "demo(session)"
        } else {
            "demo()"
        };
        writeln!(
            source,
            "pub(super) fn run(session: ::rboto::Session) -> super::GuideFuture {{\n    \
             let _ = &session;\n    \
             ::std::boxed::Box::pin(async move {{ {call}.await.map_err(|e| e.to_string()) }})\n}}\n}}"
        )
        .expect("writing to a String");
    }
    table.push_str("    ]\n}\n");
    source.push('\n');
    source.push_str(&table);
    source
}

fn macro_source(blocks_path: &Path) -> String {
    let path = blocks_path.to_str().expect("OUT_DIR is UTF-8");
    format!(
        "/// Expands to the guide's blocks as modules and `guide_blocks()`, the table of them; the\n\
         /// `GuideBlock` is the crate's `guide::GuideBlock`.\n\
         #[macro_export]\n\
         macro_rules! guide_blocks {{\n    () => {{\n        use $crate::guide::{{GuideBlock, GuideFuture}};\n        include!({path:?});\n    }};\n}}\n"
    )
}
