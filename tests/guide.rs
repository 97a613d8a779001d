//! The guide's snippets run against moto: every Rust block of `docs/from-boto3.md` (the very
//! text the guide shows, extracted by `rboto-test-support`'s build script) is called with a
//! session aimed at moto, in the guide's order, and must return `Ok`. A block that cannot run
//! against moto says why in its `// Compile-only:` line; it is listed here by idiom number and
//! still compiled as a doctest.
//!
//! Needs moto's server in `RBOTO_TEST_ENDPOINT` (started by `scripts/test`); fails without.
//! In its own test binary: it sets the process's working directory (the guide's transfers read
//! and write `db.dump` there) and the `AWS_*` variables `Session::from_env` reads.

use rboto_test_support::emulator as common;

rboto_test_support::guide_blocks!();

/// Points the environment's credential chain at moto, with a profile named `dev`, and moves
/// into a fresh directory, so the blocks' sessions, profiles and relative paths resolve here.
fn prepare_process(endpoint: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(common::unique("rboto-guide"));
    std::fs::create_dir_all(&dir).expect("creating the guide's working directory");
    let config = dir.join("aws-config");
    std::fs::write(
        &config,
        "[default]\nregion = us-east-1\n\n[profile dev]\nregion = us-east-1\n\
         aws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .expect("writing the guide's AWS config file");
    let credentials = dir.join("aws-credentials");
    std::fs::write(&credentials, "").expect("writing an empty credentials file");
    for (name, value) in [
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ] {
        std::env::set_var(name, value);
    }
    std::env::set_var("AWS_CONFIG_FILE", &config);
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials);
    for name in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"] {
        std::env::remove_var(name);
    }
    std::env::set_current_dir(&dir).expect("entering the guide's working directory");
    dir
}

fn idioms(numbers: &[u32]) -> String {
    match (numbers.first(), numbers.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}-{last}"),
        (Some(first), _) => first.to_string(),
        _ => "no numbered idiom".to_owned(),
    }
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it"]
async fn every_guide_snippet_runs_against_moto() {
    let endpoint = common::endpoint();
    let dir = prepare_process(&endpoint);
    let session = common::session_at(&endpoint);
    let blocks = guide_blocks();
    assert!(
        blocks.len() >= 10,
        "docs/from-boto3.md has {} Rust blocks; the extraction lost some",
        blocks.len()
    );
    let mut numbers: Vec<u32> = blocks
        .iter()
        .flat_map(|b| b.idioms.iter().copied())
        .collect();
    numbers.sort_unstable();
    let expected: Vec<u32> = (1..=numbers.last().copied().unwrap_or(0)).collect();
    assert!(
        numbers == expected && numbers.len() >= 40,
        "the guide's blocks should mark idioms 1 to N once each (N >= 40), found {numbers:?}"
    );
    let mut ran = 0;
    let mut compile_only = Vec::new();
    let mut failures = Vec::new();
    for block in &blocks {
        let Some(run) = &block.run else {
            let reason = block.compile_only.unwrap_or_default();
            compile_only.push(format!("idioms {} ({reason})", idioms(block.idioms)));
            continue;
        };
        match run(session.clone()).await {
            Ok(()) => ran += 1,
            Err(e) => failures.push(format!(
                "the block at docs/from-boto3.md:{} (idioms {}) failed: {e}",
                block.line,
                idioms(block.idioms)
            )),
        }
    }
    std::env::set_current_dir(std::env::temp_dir()).ok();
    std::fs::remove_dir_all(&dir).ok();
    for line in &compile_only {
        println!("guide: compile-only: {line}");
    }
    println!(
        "guide: {ran} snippets ran against moto, {} compile-only",
        compile_only.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
