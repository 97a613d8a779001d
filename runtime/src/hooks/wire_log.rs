//! The wire log: every request and response printed as it goes, secrets redacted, the way
//! `boto3.set_stream_logger('botocore')` shows botocore's traffic.
//!
//! One switch turns it on for every client of a session, with no tracing subscriber to wire:
//! the `RBOTO_WIRE_LOG` environment variable (`1`, `true` or `on`; bodies are cut after
//! `RBOTO_WIRE_LOG_BODY_LIMIT` bytes, 4096 by default, `0` for none), or
//! [`SessionBuilder::wire_log`](crate::session::SessionBuilder::wire_log) in the program.
//! Each attempt's signed request (method, URL, headers, body) and each response (status,
//! headers, body) go to stderr, or to a writer of the program's choice.
//!
//! What would let a reader act as the caller never appears: the `Authorization`,
//! `X-Amz-Security-Token`, SSO bearer and SSE-C key headers, the signature, credential and
//! token query parameters of a presigned URL, and in bodies (JSON, XML or form-encoded) the
//! values of members such as `SecretAccessKey`, `SessionToken`, `accessToken`,
//! `refreshToken`, `clientSecret`, `WebIdentityToken`, `SecretString` and `Password`, as STS,
//! SSO, IAM and Secrets Manager return or take them, and every member whose shape the model
//! marks `sensitive` (SSM's parameter `Value`, Secrets Manager's `RandomPassword`, …), in the
//! body or in the header it is bound to. The log sees the calls the session's credential chain
//! makes as well, redacted alike: STS (an assume-role profile's `AssumeRole`, web identity) and
//! SSO (the portal's `GetRoleCredentials`, the token refresh's `CreateToken`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), rboto_runtime::Error> {
//! use rboto_runtime::hooks::WireLog;
//! use rboto_runtime::Session;
//!
//! let session = Session::builder()
//!     .wire_log(WireLog::stderr().body_limit(1024))
//!     .load()
//!     .await?;
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use http::HeaderMap;
use regex_lite::Regex;

use super::sensitive_members::SensitiveMembers;
use super::{FailureAdvice, FailureStage, Hook, HookResult, ResponseStage, SendStage};
use crate::config_file::Env;
use crate::model::ServiceModel;

/// The variable that turns the wire log on.
pub const WIRE_LOG_ENV: &str = "RBOTO_WIRE_LOG";

/// The variable that sets how many bytes of each body the wire log prints.
pub const WIRE_LOG_BODY_LIMIT_ENV: &str = "RBOTO_WIRE_LOG_BODY_LIMIT";

/// Bytes of a body printed unless told otherwise.
pub const DEFAULT_BODY_LIMIT: usize = 4096;

/// What the log writes in place of a secret.
const REDACTED: &str = "<redacted>";

/// Headers whose values are credentials or keys (compared without case).
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-amz-security-token",
    "x-amz-s3session-token",
    "x-amz-sso_bearer_token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "cookie",
    "set-cookie",
];

/// Members whose values are secrets, in any protocol's body (compared without case).
const SECRET_MEMBERS: &str = "secretaccesskey|sessiontoken|securitytoken|accesstoken|\
refreshtoken|idtoken|clientsecret|webidentitytoken|samlassertion|secretstring|secretbinary|\
password|newpassword|oldpassword|plaintext|privatekey";

/// Query parameters of a presigned URL that sign or authorize it.
const SECRET_QUERY: &str =
    "x-amz-signature|x-amz-credential|x-amz-security-token|signature|awsaccesskeyid";

/// The wire log's two variables as the process has them, and no others.
pub(crate) fn switches_from_process() -> Env {
    let mut env = Env::new();
    for name in [WIRE_LOG_ENV, WIRE_LOG_BODY_LIMIT_ENV] {
        if let Ok(value) = std::env::var(name) {
            env.set(name, value);
        }
    }
    env
}

/// Prints every request and response of the calls it is registered for, secrets redacted
/// (see the [module docs](self)).
#[derive(Clone)]
pub struct WireLog {
    body_limit: usize,
    sink: Sink,
    sensitive: Arc<Mutex<SensitiveCache>>,
}

/// What each operation's `sensitive` members need redacted, by service and operation name,
/// worked out on the operation's first call.
type SensitiveCache = HashMap<(String, String), Option<Arc<ModelRedaction>>>;

/// The patterns for one operation's sensitive members.
struct ModelRedaction {
    body: BodyPatterns,
    headers: Vec<String>,
}

#[derive(Clone)]
enum Sink {
    Stderr,
    Writer(Arc<Mutex<dyn Write + Send>>),
}

impl WireLog {
    /// A log to stderr, printing up to [`DEFAULT_BODY_LIMIT`] bytes of each body.
    pub fn stderr() -> Self {
        WireLog {
            body_limit: DEFAULT_BODY_LIMIT,
            sink: Sink::Stderr,
            sensitive: Arc::default(),
        }
    }

    /// A log to `writer` (a file, a buffer a test reads), one whole entry per write.
    pub fn to_writer(writer: impl Write + Send + 'static) -> Self {
        WireLog {
            body_limit: DEFAULT_BODY_LIMIT,
            sink: Sink::Writer(Arc::new(Mutex::new(writer))),
            sensitive: Arc::default(),
        }
    }

    /// Prints at most `bytes` of each body (`0`: no bodies, only their sizes).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The log `RBOTO_WIRE_LOG` asks for in `env`, to stderr, if it asks for one: `1`,
    /// `true`, `on` or `yes` turn it on, anything else leaves it off.
    /// `RBOTO_WIRE_LOG_BODY_LIMIT` sets the body limit; a value that is not a number is an
    /// error naming it.
    pub fn from_env(env: &Env) -> Result<Option<Self>, crate::Error> {
        let on = env.get_non_empty(WIRE_LOG_ENV).is_some_and(|v| {
            ["1", "true", "on", "yes"]
                .iter()
                .any(|yes| v.trim().eq_ignore_ascii_case(yes))
        });
        if !on {
            return Ok(None);
        }
        let mut log = WireLog::stderr();
        if let Some(limit) = env.get_non_empty(WIRE_LOG_BODY_LIMIT_ENV) {
            let bytes = limit.trim().parse().map_err(|_| {
                crate::Error::model(format!(
                    "{WIRE_LOG_BODY_LIMIT_ENV} must be a number of bytes, not {limit:?}"
                ))
            })?;
            log = log.body_limit(bytes);
        }
        Ok(Some(log))
    }

    fn emit(&self, entry: &str) {
        // A log that cannot be written must not fail the call it describes.
        let _ = match &self.sink {
            Sink::Stderr => std::io::stderr().lock().write_all(entry.as_bytes()),
            Sink::Writer(writer) => match writer.lock() {
                Ok(mut writer) => writer.write_all(entry.as_bytes()),
                Err(poisoned) => poisoned.into_inner().write_all(entry.as_bytes()),
            },
        };
    }

    /// Prints a request the runtime sends outside the call pipeline, so no hook sees it (the
    /// credential chain's SSO calls), redacted like every other.
    pub(crate) fn log_request(
        &self,
        service: &str,
        operation: &str,
        method: &http::Method,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) {
        let first_line = format!(
            "rboto wire >> {service}.{operation} attempt 1\n{method} {}",
            redact_url(url)
        );
        self.emit_entry(&first_line, headers, Some(body), None);
    }

    /// Prints the answer to a request logged with [`log_request`](Self::log_request).
    pub(crate) fn log_response(
        &self,
        service: &str,
        operation: &str,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
    ) {
        let first_line = format!("rboto wire << {service}.{operation} status {status}");
        self.emit_entry(&first_line, headers, Some(body), None);
    }

    /// Writes one entry: its first line, the headers, a blank line and the body.
    fn emit_entry(
        &self,
        first_line: &str,
        headers: &HeaderMap,
        body: Option<&[u8]>,
        redaction: Option<&ModelRedaction>,
    ) {
        let mut out = String::with_capacity(first_line.len() + 256);
        out.push_str(first_line);
        out.push('\n');
        write_headers(&mut out, headers, redaction);
        out.push('\n');
        self.write_body(&mut out, body, redaction);
        out.push('\n');
        self.emit(&out);
    }

    /// The redaction `operation`'s sensitive members need, if it has any.
    fn model_redaction(
        &self,
        model: &ServiceModel,
        operation: &str,
    ) -> Option<Arc<ModelRedaction>> {
        let key = (model.name().to_owned(), operation.to_owned());
        let mut cache = match self.sensitive.lock() {
            Ok(cache) => cache,
            Err(poisoned) => poisoned.into_inner(),
        };
        cache
            .entry(key)
            .or_insert_with(|| {
                let operation = model.operation(operation).ok()?;
                let members = SensitiveMembers::of(model.definition(), operation);
                (!members.is_empty()).then(|| {
                    let names: Vec<String> = members
                        .body_names
                        .iter()
                        .map(|n| regex_lite::escape(n))
                        .collect();
                    Arc::new(ModelRedaction {
                        body: body_patterns(&names.join("|")),
                        headers: members.headers.into_iter().collect(),
                    })
                })
            })
            .clone()
    }

    fn write_body(&self, out: &mut String, body: Option<&[u8]>, model: Option<&ModelRedaction>) {
        match body {
            None => out.push_str("(body streamed, not shown)\n"),
            Some([]) => {}
            Some(bytes) => match std::str::from_utf8(bytes) {
                Err(_) => {
                    let _ = writeln!(out, "({} bytes, not text)", bytes.len());
                }
                Ok(_) if self.body_limit == 0 => {
                    let _ = writeln!(out, "({} bytes)", bytes.len());
                }
                Ok(text) => {
                    let mut text = redact_body(text);
                    if let Some(model) = model {
                        text = apply(&model.body, text);
                    }
                    let cut = floor_char_boundary(&text, self.body_limit);
                    out.push_str(&text[..cut]);
                    if cut < text.len() {
                        let _ = write!(out, "… ({} more bytes)", text.len() - cut);
                    }
                    out.push('\n');
                }
            },
        }
    }
}

impl Default for WireLog {
    fn default() -> Self {
        WireLog::stderr()
    }
}

impl fmt::Debug for WireLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sink = match self.sink {
            Sink::Stderr => "stderr",
            Sink::Writer(_) => "writer",
        };
        f.debug_struct("WireLog")
            .field("body_limit", &self.body_limit)
            .field("sink", &sink)
            .finish_non_exhaustive()
    }
}

impl Hook for WireLog {
    fn before_send(
        &self,
        request: &SendStage<'_>,
    ) -> Result<Option<crate::transport::HttpResponse>, super::BoxError> {
        let redaction = self.model_redaction(request.model(), request.operation_name());
        let first_line = format!(
            "rboto wire >> {}.{} attempt {}\n{} {}",
            request.model().name(),
            request.operation_name(),
            request.attempt(),
            request.method(),
            redact_url(request.url()),
        );
        self.emit_entry(
            &first_line,
            request.headers(),
            request.body(),
            redaction.as_deref(),
        );
        Ok(None)
    }

    fn before_parsing(&self, response: &ResponseStage<'_>) -> HookResult {
        let redaction = self.model_redaction(response.model(), response.operation_name());
        let first_line = format!(
            "rboto wire << {}.{} status {}",
            response.model().name(),
            response.operation_name(),
            response.status(),
        );
        self.emit_entry(
            &first_line,
            response.headers(),
            response.body(),
            redaction.as_deref(),
        );
        Ok(())
    }

    fn on_failure(&self, failure: &FailureStage<'_>) -> FailureAdvice {
        self.emit(&format!(
            "rboto wire !! {}.{} attempt {} failed: {}\n\n",
            failure.model().name(),
            failure.operation_name(),
            failure.attempt(),
            failure.error(),
        ));
        FailureAdvice::Default
    }
}

/// One `name: value` line per header, secret values replaced: the fixed list, and the headers
/// the operation's sensitive members are bound to.
fn write_headers(out: &mut String, headers: &HeaderMap, model: Option<&ModelRedaction>) {
    let model_headers = model.map(|m| m.headers.as_slice()).unwrap_or_default();
    for (name, value) in headers {
        let secret = SECRET_HEADERS
            .iter()
            .copied()
            .chain(model_headers.iter().map(String::as_str))
            .any(|s| name.as_str().eq_ignore_ascii_case(s));
        let value = if secret {
            REDACTED.into()
        } else {
            String::from_utf8_lossy(value.as_bytes())
        };
        let _ = writeln!(out, "{name}: {value}");
    }
}

/// `url` with the values of signing and credential query parameters replaced.
pub(crate) fn redact_url(url: &str) -> String {
    static QUERY: OnceLock<Regex> = OnceLock::new();
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let pattern = QUERY.get_or_init(|| {
        Regex::new(&format!("(?i)(^|&)({SECRET_QUERY})=[^&#]*")).expect("valid pattern")
    });
    let query = pattern.replace_all(query, format!("${{1}}${{2}}={REDACTED}").as_str());
    format!("{base}?{query}")
}

/// A pattern and its replacement for each body format: JSON, XML, form-encoded.
type BodyPatterns = [(Regex, String); 3];

/// `body` with the values of secret members replaced, whether it is JSON, XML or a form.
pub(crate) fn redact_body(body: &str) -> String {
    static PATTERNS: OnceLock<BodyPatterns> = OnceLock::new();
    apply(
        PATTERNS.get_or_init(|| body_patterns(SECRET_MEMBERS)),
        body.to_string(),
    )
}

/// The patterns that find the values of the members `names` (a regex alternation) in a body.
/// A JSON value is replaced when it is a string, number or boolean.
fn body_patterns(names: &str) -> BodyPatterns {
    let compile = |pattern: String| Regex::new(&pattern).expect("valid pattern");
    [
        (
            compile(format!(
                r#"(?i)("(?:{names})"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false)"#
            )),
            format!("${{1}}\"{REDACTED}\""),
        ),
        (
            compile(format!(
                r"(?i)(<(?:[\w-]+:)?(?:{names})(?:\s[^>]*)?>)[^<]*(</)"
            )),
            format!("${{1}}{REDACTED}${{2}}"),
        ),
        (
            compile(format!(r"(?i)((?:^|&)(?:[^&=]*\.)?(?:{names})=)[^&]*")),
            format!("${{1}}{REDACTED}"),
        ),
    ]
}

/// `text` with every pattern's matches replaced.
fn apply(patterns: &BodyPatterns, mut text: String) -> String {
    for (pattern, replacement) in patterns {
        if let std::borrow::Cow::Owned(changed) = pattern.replace_all(&text, replacement.as_str()) {
            text = changed;
        }
    }
    text
}

/// The largest index at most `limit` that falls on a character boundary of `text`.
fn floor_char_boundary(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    (0..=limit)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_secret_members_lose_their_values_and_keep_their_names() {
        let body = r#"{"roleCredentials":{"accessKeyId":"AKID","secretAccessKey":"s3cr\"et","sessionToken":"tok","expiration":1}}"#;
        let redacted = redact_body(body);
        assert!(!redacted.contains("s3cr"), "{redacted}");
        assert!(!redacted.contains("\"tok\""), "{redacted}");
        assert!(
            redacted.contains(r#""secretAccessKey":"<redacted>""#),
            "{redacted}"
        );
        assert!(redacted.contains(r#""accessKeyId":"AKID""#), "{redacted}");
        assert!(redacted.contains(r#""expiration":1"#), "{redacted}");
        let oidc = r#"{"accessToken": "at", "refreshToken" : "rt", "tokenType":"Bearer"}"#;
        let redacted = redact_body(oidc);
        assert_eq!(
            redacted,
            r#"{"accessToken": "<redacted>", "refreshToken" : "<redacted>", "tokenType":"Bearer"}"#
        );
    }

    #[test]
    fn xml_secret_elements_lose_their_text() {
        let body = "<Credentials><AccessKeyId>AKID</AccessKeyId>\
<SecretAccessKey>wJalr/K7</SecretAccessKey><SessionToken>FQoG+x==</SessionToken>\
<Expiration>2026-01-01T00:00:00Z</Expiration></Credentials>";
        let redacted = redact_body(body);
        assert!(!redacted.contains("wJalr"), "{redacted}");
        assert!(!redacted.contains("FQoG"), "{redacted}");
        assert!(redacted.contains("<AccessKeyId>AKID</AccessKeyId>"));
        assert!(redacted.contains("<SecretAccessKey><redacted></SecretAccessKey>"));
        assert!(redacted.contains("<Expiration>2026-01-01T00:00:00Z</Expiration>"));
    }

    #[test]
    fn form_secret_parameters_lose_their_values() {
        let body = "Action=AssumeRoleWithWebIdentity&RoleArn=arn&WebIdentityToken=eyJh.b.c\
&Version=2011-06-15&Entries.member.1.Password=pw";
        let redacted = redact_body(body);
        assert_eq!(
            redacted,
            "Action=AssumeRoleWithWebIdentity&RoleArn=arn&WebIdentityToken=<redacted>\
&Version=2011-06-15&Entries.member.1.Password=<redacted>"
        );
    }

    #[test]
    fn presigned_query_parameters_are_redacted_and_the_rest_kept() {
        let url = "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z\
&X-Amz-Security-Token=tok&X-Amz-Signature=abcdef0123";
        let redacted = redact_url(url);
        for secret in ["AKID", "tok", "abcdef0123"] {
            assert!(!redacted.contains(secret), "{secret} in {redacted}");
        }
        assert!(redacted.starts_with("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4"));
        assert!(redacted.contains("X-Amz-Date=20260101T000000Z"));
        assert!(redacted.contains("X-Amz-Signature=<redacted>"));
        assert_eq!(redact_url("http://h/p"), "http://h/p");
    }

    #[test]
    fn secret_headers_are_redacted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Signature=ff".parse().unwrap(),
        );
        headers.insert("x-amz-security-token", "tok".parse().unwrap());
        headers.insert("x-amz-s3session-token", "tok".parse().unwrap());
        headers.insert("x-amz-date", "20260101T000000Z".parse().unwrap());
        let mut out = String::new();
        write_headers(&mut out, &headers, None);
        assert!(out.contains("authorization: <redacted>\n"), "{out}");
        assert!(out.contains("x-amz-security-token: <redacted>\n"), "{out}");
        assert!(out.contains("x-amz-s3session-token: <redacted>\n"), "{out}");
        assert!(out.contains("x-amz-date: 20260101T000000Z\n"), "{out}");
        assert!(
            !out.contains("Signature=ff") && !out.contains(": tok"),
            "{out}"
        );
    }

    #[test]
    fn bodies_are_cut_at_the_limit_on_a_character_boundary() {
        let log = WireLog::stderr().body_limit(4);
        let mut out = String::new();
        log.write_body(&mut out, Some("abcé-rest".as_bytes()), None);
        assert_eq!(out, "abc… (7 more bytes)\n");
        let mut out = String::new();
        log.write_body(&mut out, Some(&[0xff, 0x00]), None);
        assert_eq!(out, "(2 bytes, not text)\n");
        let mut out = String::new();
        log.write_body(&mut out, None, None);
        assert_eq!(out, "(body streamed, not shown)\n");
    }

    #[test]
    fn members_with_a_sensitive_shape_are_redacted_in_bodies_and_headers() {
        let definition = serde_json::from_value(serde_json::json!({
            "metadata": { "protocol": "json", "apiVersion": "2020-01-01", "endpointPrefix": "x" },
            "operations": { "Put": { "name": "Put", "input": { "shape": "PutIn" } } },
            "shapes": {
                "PutIn": { "type": "structure", "members": {
                    "Name": { "shape": "Plain" },
                    "Value": { "shape": "Secret" },
                    "Pin": { "shape": "SecretNumber" },
                    "Key": { "shape": "Secret", "location": "header", "locationName": "X-Key" }
                }},
                "Plain": { "type": "string" },
                "Secret": { "type": "string", "sensitive": true },
                "SecretNumber": { "type": "integer", "sensitive": true }
            }
        }))
        .unwrap();
        let model = ServiceModel::from_definition("x", definition);
        let log = WireLog::stderr();
        let redaction = log
            .model_redaction(&model, "Put")
            .expect("Put has sensitive members");
        let mut out = String::new();
        let body = r#"{"Name":"visible","Value":"hidden \"x\"","Pin": 1234}"#;
        log.write_body(&mut out, Some(body.as_bytes()), Some(&redaction));
        assert_eq!(
            out,
            "{\"Name\":\"visible\",\"Value\":\"<redacted>\",\"Pin\": \"<redacted>\"}\n"
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-key", "hidden".parse().unwrap());
        headers.insert("x-other", "shown".parse().unwrap());
        let mut out = String::new();
        write_headers(&mut out, &headers, Some(&redaction));
        assert_eq!(out, "x-key: <redacted>\nx-other: shown\n");
        let mut out = String::new();
        log.write_body(&mut out, Some(body.as_bytes()), None);
        assert!(out.contains("hidden"), "{out}");
        assert!(log.model_redaction(&model, "Missing").is_none());
    }

    #[test]
    fn the_environment_switch_turns_the_log_on_with_its_limit() {
        let on = |value: &str| Env::new().with(WIRE_LOG_ENV, value);
        assert!(WireLog::from_env(&Env::new()).unwrap().is_none());
        assert!(WireLog::from_env(&on("0")).unwrap().is_none());
        let log = WireLog::from_env(&on("1")).unwrap().unwrap();
        assert_eq!(log.body_limit, DEFAULT_BODY_LIMIT);
        let log = WireLog::from_env(&on("true").with(WIRE_LOG_BODY_LIMIT_ENV, "12"))
            .unwrap()
            .unwrap();
        assert_eq!(log.body_limit, 12);
        let bad = WireLog::from_env(&on("on").with(WIRE_LOG_BODY_LIMIT_ENV, "lots")).unwrap_err();
        assert!(bad.to_string().contains(WIRE_LOG_BODY_LIMIT_ENV), "{bad}");
    }

    #[derive(Debug)]
    struct Mine;
    impl Hook for Mine {}

    fn hook_names(session: &crate::Session) -> Vec<String> {
        let names = session.hooks().iter().map(|r| format!("{:?}", r.hook));
        names
            .map(|n| n.split([' ', '{']).next().unwrap().to_string())
            .collect()
    }

    #[tokio::test]
    async fn the_switch_puts_the_log_before_the_programs_hooks_in_build_and_load() {
        let env = Env::new().with(WIRE_LOG_ENV, "1");
        let builder = || {
            crate::Session::builder()
                .process_env(env.clone())
                .hook(super::super::Scope::all(), Mine)
        };
        assert_eq!(hook_names(&builder().build()), ["WireLog", "Mine"]);
        let loaded = builder().region("us-east-1").load().await.unwrap();
        assert_eq!(hook_names(&loaded), ["WireLog", "Mine"]);
        let off = crate::Session::builder()
            .process_env(Env::new())
            .hook(super::super::Scope::all(), Mine);
        assert_eq!(hook_names(&off.build()), ["Mine"]);
        let explicit = crate::Session::builder()
            .process_env(Env::new())
            .wire_log(WireLog::stderr());
        assert_eq!(hook_names(&explicit.build()), ["WireLog"]);
    }
}
