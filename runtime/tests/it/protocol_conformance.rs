//! botocore's protocol test vectors, run against rboto's serializers and parsers.
//!
//! The vectors are not committed: `scripts/fetch-conformance` extracts them from the pinned
//! botocore release into `.conformance/protocols` (or point `RBOTO_CONFORMANCE_DIR` at a copy).
//! `RBOTO_CONFORMANCE_ONLY=query,ec2/input` narrows the run to some protocols (optionally one
//! direction) and `RBOTO_CONFORMANCE_CASE=text` to cases whose id or description contains
//! `text`; the assertion then covers what ran. `RBOTO_CONFORMANCE_RUN_IGNORED=1` also runs the
//! cases botocore's ignore list skips, to see where we differ from botocore's choices.
//! Without that variable, the ignored cases where rboto follows botocore are checked against
//! botocore's own output for them (the pinned botocore of `.venv/`, or `RBOTO_TEST_PYTHON`).

use crate::conformance;

#[test]
#[ignore = "needs conformance vectors: scripts/test runs it"]
fn protocol_conformance() {
    let report = conformance::run_all();
    assert!(
        report.failed == 0,
        "{} protocol conformance case(s) failed; see the FAIL lines above",
        report.failed
    );
    assert!(
        report.passed > 0,
        "no protocol conformance case ran; check RBOTO_CONFORMANCE_ONLY / RBOTO_CONFORMANCE_CASE"
    );
}
