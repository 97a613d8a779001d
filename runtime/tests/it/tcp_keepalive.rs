//! `Config::tcp_keepalive`: a client's connections carry TCP keepalive probes only when asked,
//! as botocore's do. The kernel's view of the client's socket (`/proc/net/tcp`) shows whether
//! its keepalive timer is armed, and when it fires.
#![cfg(target_os = "linux")]

use rboto_test_support::http_head;
use rboto_test_support::models::model_at;

use std::time::Duration;

use rboto_runtime::session::{Config, Credentials, Session, TCP_KEEPALIVE_IDLE};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// A loopback peer that answers one awsJson request and then keeps the connection open
/// until `release` fires. Returns its URL and the client's port, once it has connected.
async fn peer(release: oneshot::Receiver<()>) -> (String, oneshot::Receiver<u16>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (port_tx, port_rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, client) = listener.accept().await.unwrap();
        port_tx.send(client.port()).unwrap();
        http_head::read_head(&mut socket)
            .await
            .expect("the client sent a request");
        let body = "{\"TableNames\":[]}";
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        let _ = release.await;
    });
    (url, port_rx)
}

/// The `tr` (timer kind) and `tm->when` (seconds until it fires) columns of the established
/// IPv4 socket bound to 127.0.0.1:`port` (an older connection that used the same ephemeral
/// port may linger in TIME_WAIT, so the state column must say ESTABLISHED, `01`).
fn socket_timer(port: u16) -> (u8, f64) {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let local = format!("0100007F:{port:04X}");
    let line = table
        .lines()
        .find(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            columns.get(1) == Some(&local.as_str()) && columns.get(3) == Some(&"01")
        })
        .unwrap_or_else(|| panic!("no established socket {local} in /proc/net/tcp"));
    let timer = line.split_whitespace().nth(5).unwrap();
    let (kind, when) = timer.split_once(':').unwrap();
    let ticks = u64::from_str_radix(when, 16).unwrap();
    (u8::from_str_radix(kind, 16).unwrap(), ticks as f64 / 100.0)
}

/// Makes one call with `config` and returns the timer of the client's idle connection.
async fn idle_connection_timer(config: Config) -> (u8, f64) {
    let (release, held) = oneshot::channel();
    let (url, port) = peer(held).await;
    let client = Session::builder()
        .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None))
        .region("us-east-1")
        .endpoint_url(&url)
        .build()
        .client_with_config(model_at("dynamodb", "2012-08-10"), config)
        .unwrap();
    let output = client.call("ListTables", json!({})).await.unwrap();
    assert_eq!(output["TableNames"], json!([]));
    let port = port.await.unwrap();
    // Long enough for a delayed acknowledgement to go out; the connection stays pooled.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let timer = socket_timer(port);
    drop(release);
    timer
}

#[tokio::test]
async fn keepalive_probes_are_armed_only_when_asked() {
    let (kind, _) = idle_connection_timer(Config::default()).await;
    assert_eq!(kind, 0, "by default, as in botocore, no keepalive timer");

    let (kind, when) = idle_connection_timer(Config::builder().tcp_keepalive(true).build()).await;
    assert_eq!(kind, 2, "the keepalive timer is armed");
    let idle = TCP_KEEPALIVE_IDLE.as_secs_f64();
    assert!(
        when > idle - 2.0 && when <= idle,
        "the first probe is due {when} s from now, not about {idle} s"
    );
}
