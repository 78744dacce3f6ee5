//! What the server refuses to start with: the demo's public credentials once the sandbox is off
//! (unless explicitly allowed, and then said), and partner names Onboard keeps for itself.

use std::io::Write;
use std::sync::{Arc, Mutex};

use clap::Parser;
use onboard_server::auth::token_hash;
use onboard_server::{AppState, Config};

/// A configuration on a fresh SQLite file, with `settings` after it.
fn config(dir: &tempfile::TempDir, settings: &[&str]) -> Config {
    let database = format!(
        "--database-url=sqlite://{}",
        dir.path().join("onboard.db").display()
    );
    Config::parse_from(
        ["onboard-server", database.as_str()]
            .into_iter()
            .chain(settings.iter().copied()),
    )
}

/// A drafts key of the deployment's own (64 hex digits).
const OWN_DRAFTS_KEY: &str =
    "--drafts-key=8c1f0e4a9b2d37c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2";

async fn start_error(settings: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    match AppState::new(config(&dir, settings)).await {
        Ok(_) => panic!("started with {settings:?}"),
        Err(err) => err.to_string(),
    }
}

/// Everything the subscriber writes, for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn with_the_sandbox_off_the_demo_credentials_are_refused() {
    let error = start_error(&["--sandbox=false"]).await;
    assert!(
        error.contains("ONBOARD_CLIENT_SECRET")
            && error.contains("ONBOARD_PARTNER_KEYS")
            && error.contains("ONBOARD_DRAFTS_KEY"),
        "{error}"
    );
    assert!(error.contains("ONBOARD_ALLOW_DEMO_CREDENTIALS"), "{error}");

    // The demo partner key in every form a key may be configured in.
    let hashed = format!(
        "--partner-keys=acme:sha256:{}",
        token_hash("demo-partner-key")
    );
    for keys in [
        "--partner-keys=demo-partner-key",
        "--partner-keys=acme:live-key,acme:demo-partner-key",
        hashed.as_str(),
    ] {
        let error = start_error(&["--sandbox=false", "--client-secret=their-secret", keys]).await;
        assert!(
            error.contains("ONBOARD_PARTNER_KEYS") && !error.contains("ONBOARD_CLIENT_SECRET"),
            "{keys}: {error}"
        );
    }
    let error = start_error(&[
        "--sandbox=false",
        "--partner-keys=acme:live-key",
        "--client-secret=sandbox-secret",
    ])
    .await;
    assert!(
        error.contains("ONBOARD_CLIENT_SECRET") && !error.contains("ONBOARD_PARTNER_KEYS"),
        "{error}"
    );
}

#[tokio::test]
async fn own_credentials_or_the_sandbox_start() {
    let dir = tempfile::tempdir().unwrap();
    AppState::new(config(&dir, &[])).await.expect("the demo");
    let dir = tempfile::tempdir().unwrap();
    AppState::new(config(
        &dir,
        &[
            "--sandbox=false",
            "--client-secret=their-secret",
            "--partner-keys=acme:live-key",
            OWN_DRAFTS_KEY,
        ],
    ))
    .await
    .expect("a deployment's own credentials");
}

/// The demo's drafts key, in hex rather than the base64 of its default, is still the demo's;
/// a key that is not 32 bytes is refused without being repeated.
#[tokio::test]
async fn the_drafts_key_is_the_deployments_own_and_32_bytes() {
    let demo_in_hex = format!(
        "--drafts-key={}",
        hex::encode("onboard-demo-drafts-key-32-bytes")
    );
    let error = start_error(&[
        "--sandbox=false",
        "--client-secret=their-secret",
        "--partner-keys=acme:live-key",
        &demo_in_hex,
    ])
    .await;
    assert!(
        error.contains("ONBOARD_DRAFTS_KEY") && !error.contains("ONBOARD_CLIENT_SECRET"),
        "{error}"
    );
    for malformed in ["--drafts-key=secret-but-short", "--drafts-key=0123abcd"] {
        let error = start_error(&[malformed]).await;
        let key = malformed.trim_start_matches("--drafts-key=");
        assert!(
            error.contains("ONBOARD_DRAFTS_KEY")
                && error.contains("32 bytes")
                && !error.contains(key),
            "{error}"
        );
    }
}

#[tokio::test]
async fn the_explicit_override_starts_and_says_so_loudly() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let dir = tempfile::tempdir().unwrap();
    AppState::new(config(
        &dir,
        &["--sandbox=false", "--allow-demo-credentials=true"],
    ))
    .await
    .expect("allowed explicitly");
    let logged = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let warning = logged
        .lines()
        .find(|line| line.contains("ONBOARD_ALLOW_DEMO_CREDENTIALS"))
        .unwrap_or_else(|| panic!("no word of the override in {logged}"));
    assert!(
        warning.contains("WARN")
            && warning.contains("ONBOARD_CLIENT_SECRET")
            && warning.contains("ONBOARD_PARTNER_KEYS"),
        "{warning}"
    );
}

#[tokio::test]
async fn a_partner_under_a_reserved_name_is_refused() {
    let error = start_error(&["--partner-keys=acme:one,hosted:two"]).await;
    assert!(
        error.contains("ONBOARD_PARTNER_KEYS") && error.contains("\"hosted\" is reserved"),
        "{error}"
    );
}
