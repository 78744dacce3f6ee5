//! Partners from a partners file: two on one server keep to their own settings (redirects,
//! framing, public links, applications, notifications); a mistake in the file stops the start
//! naming its line; the file read again takes new partners and drops no session.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use clap::Parser;
use onboard_server::notifications::deliver_due;
use onboard_server::{AppState, Config};
use serde_json::{json, Value};
use support::receiver::Receiver;
use support::{harness_with_settings, start_sandbox, Harness};

const ACME_SECRET: &str = "whsec_cGFydG5lcidzIG5vdGlmaWNhdGlvbiBrZXk=";
const GLOBEX_SECRET: &str = "whsec_b3RoZXIgcGFydG5lcidzIGtleQ==";

fn acme(webhook: &str) -> String {
    format!(
        r##"
[partners.acme]
keys = ["acme-key"]
redirect_allowlist = ["https://acme.example/onboarding/"]
embed_origins = ["https://app.acme.example"]
hosted_workflows = ["kyc-demo"]
hosted_return_url = "https://acme.example/onboarding/done"
default_locale = "sv"
webhook = {{ url = "{webhook}", secret = "{ACME_SECRET}" }}
theme = {{ colorScheme = "dark", colors = {{ primary = "#0a7f5a" }}, radius = "2px" }}
name = "Acme Bank"
privacy_url = "https://acme.example/privacy"
"##
    )
}

fn globex(webhook: &str) -> String {
    format!(
        r#"
[partners.globex]
keys = ["globex-key"]
redirect_allowlist = ["https://globex.example/"]
embed_origins = ["https://globex.example"]
webhook = {{ url = "{webhook}", secret = "{GLOBEX_SECRET}" }}
"#
    )
}

/// A server whose partners are those of `file` (written to a file of the test's own).
async fn harness_of_partners(file: &str) -> (Harness, tempfile::NamedTempFile) {
    let path = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(path.path(), file).unwrap();
    let setting = format!("--partners-file={}", path.path().display());
    let h = harness_with_settings(start_sandbox().await, &[&setting]).await;
    (h, path)
}

fn session_to(redirect: &str) -> Value {
    json!({"workflowId": "kyc-demo", "countryCode": "SE", "redirectUrl": redirect})
}

/// A session of the partner of `key`: its application id and claim code.
async fn minted(h: &Harness, key: &str, redirect: &str) -> (String, String) {
    let (status, created) = h.create_session_as(key, session_to(redirect)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (
        created["applicationId"].as_str().unwrap().to_owned(),
        created["sessionToken"].as_str().unwrap().to_owned(),
    )
}

/// The claim of `code` by a widget framed on `origin`.
async fn claim_framed(h: &Harness, code: &str, origin: &str) -> (StatusCode, Value) {
    send_claim(h, json!({"sessionToken": code, "embedOrigin": origin})).await
}

async fn send_claim(h: &Harness, claim: Value) -> (StatusCode, Value) {
    let request = Request::post("/api/v1/session/claim")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(claim.to_string()))
        .unwrap();
    let (status, _, body) = h.send(request).await;
    (status, body)
}

/// Acme's theme as the session carries it: checked, in the widget's custom properties.
fn acme_theme() -> Value {
    json!({
        "colorScheme": "dark",
        "properties": [
            {"name": "--onboard-color-primary", "value": "#0a7f5a"},
            {"name": "--onboard-color-primary-contrast", "value": "#ffffff"},
            {"name": "--onboard-radius", "value": "2px"},
        ],
    })
}

async fn status_of(h: &Harness, path: &str) -> StatusCode {
    let request = Request::get(path).body(Body::empty()).unwrap();
    h.send(request).await.0
}

/// The application ids the receiver was notified of.
fn notified_applications(receiver: &Receiver) -> Vec<String> {
    let mut ids: Vec<String> = receiver
        .deliveries()
        .iter()
        .map(|delivery| {
            delivery.json()["data"]["applicationId"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[tokio::test]
async fn two_partners_on_one_server_keep_to_their_own_settings() {
    let (to_acme, to_globex) = (Receiver::default(), Receiver::default());
    let file = acme(&to_acme.start().await) + &globex(&to_globex.start().await);
    let (h, _file) = harness_of_partners(&file).await;

    // Redirects: each partner's own allowlist.
    let (status, refused) = h
        .create_session_as(
            "globex-key",
            session_to("https://acme.example/onboarding/done"),
        )
        .await;
    support::assert_invalid_field(status, &refused, "redirectUrl", "allowlist");
    let (acme_app, acme_code) = minted(&h, "acme-key", "https://acme.example/onboarding/x").await;
    let (globex_app, globex_code) = minted(&h, "globex-key", "https://globex.example/done").await;

    // Applications: another partner's is not found.
    let acme_path = format!("/api/v1/applications/{acme_app}");
    assert_eq!(
        h.partner_get(&acme_path, "globex-key").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.partner_get(&acme_path, "acme-key").await.0,
        StatusCode::OK
    );

    // Framing: a page may frame the widget if some partner embeds it there; a session only
    // on its own partner's origins, and a refused claim leaves the code to its partner's page.
    assert_eq!(
        status_of(&h, "/embed?origin=https://app.acme.example").await,
        StatusCode::OK
    );
    assert_eq!(
        status_of(&h, "/embed?origin=https://evil.example").await,
        StatusCode::FORBIDDEN
    );
    let (status, refused) = claim_framed(&h, &globex_code, "https://app.acme.example").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(refused["error"]["code"], "forbidden");
    let (status, claimed) = claim_framed(&h, &globex_code, "https://globex.example").await;
    assert_eq!(status, StatusCode::OK, "{claimed}");
    let (status, claimed) = claim_framed(&h, &acme_code, "https://app.acme.example").await;
    assert_eq!(status, StatusCode::OK, "{claimed}");

    // The session takes the partner's default locale.
    let credential = claimed["credential"].as_str().unwrap();
    let (_, _, session) = h.widget_get("/api/v1/session", credential).await;
    assert_eq!(session["locale"], "sv", "{session}");
    assert_eq!(session["theme"], acme_theme());
    // The consent screen names whom the bank's data goes to.
    assert_eq!(
        session["partner"],
        json!({"name": "Acme Bank", "privacyUrl": "https://acme.example/privacy"})
    );
    let (themeless_app, themeless_code) = minted(&h, "globex-key", "https://globex.example/").await;
    let globex_credential = h.claim(&themeless_code).await;
    let (_, _, session) = h.widget_get("/api/v1/session", &globex_credential).await;
    assert!(session.get("theme").is_none(), "{session}");
    assert!(session.get("partner").is_none(), "{session}");

    // Public links: only the partner's own workflows, its session the partner's.
    assert_eq!(
        status_of(&h, "/start/globex/kyc-demo?country=SE").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_of(&h, "/start/nobody/kyc-demo?country=SE").await,
        StatusCode::NOT_FOUND
    );
    let (_, hosted_code) = h.open_hosted_link("/start/acme/kyc-demo?country=SE").await;
    let (status, _, claimed) = h.try_claim(&hosted_code).await;
    assert_eq!(status, StatusCode::OK, "{claimed}");
    let hosted_app: String = sqlx::query_scalar(
        "SELECT application_id FROM session_claims WHERE application_id IN
         (SELECT id FROM applications WHERE partner_id = 'acme') AND application_id <> $1",
    )
    .bind(&acme_app)
    .fetch_one(&h.state.db)
    .await
    .unwrap();

    // Notifications: each partner hears of its own applications only.
    while deliver_due(&h.state).await.unwrap() > 0 {}
    let mut acme_notified = notified_applications(&to_acme);
    acme_notified.sort();
    let mut acme_apps = vec![acme_app, hosted_app];
    acme_apps.sort();
    assert_eq!(acme_notified, acme_apps);
    let mut globex_notified = notified_applications(&to_globex);
    globex_notified.sort();
    let mut globex_apps = vec![globex_app, themeless_app];
    globex_apps.sort();
    assert_eq!(globex_notified, globex_apps);
}

#[tokio::test]
async fn a_mistake_in_the_partners_file_stops_the_start_naming_its_line() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let bad = acme("https://acme.example/hooks").replace("\"https://app.acme.example\"", "\"app\"");
    std::fs::write(file.path(), bad).unwrap();
    let config = Config::parse_from([
        "onboard-server".to_owned(),
        format!("--partners-file={}", file.path().display()),
        "--database-url=sqlite::memory:".to_owned(),
    ]);
    let error = AppState::new(config)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(
        error.contains(&file.path().display().to_string())
            && error.contains("line 5")
            && error.contains("partner acme"),
        "{error}"
    );
}

#[tokio::test]
async fn the_file_read_again_takes_new_partners_and_keeps_sessions() {
    let (h, file) = harness_of_partners(&acme("https://acme.example/hooks")).await;
    let (_, code) = minted(&h, "acme-key", "https://acme.example/onboarding/x").await;
    let credential = h.claim(&code).await;
    let unknown = h
        .create_session_as("globex-key", session_to("https://globex.example/"))
        .await;
    assert_eq!(unknown.0, StatusCode::UNAUTHORIZED);

    let both = acme("https://acme.example/hooks") + &globex("https://globex.example/hooks");
    std::fs::write(file.path(), both).unwrap();
    h.state.partners.reload(&h.state.config).unwrap();
    minted(&h, "globex-key", "https://globex.example/").await;
    let (status, _, _) = h.widget_get("/api/v1/session", &credential).await;
    assert_eq!(status, StatusCode::OK, "a session lives on");

    // A file with a mistake changes nothing.
    std::fs::write(file.path(), "[partners.acme]\nkeys = 7\n").unwrap();
    let error = h.state.partners.reload(&h.state.config).unwrap_err();
    assert!(error.to_string().contains("line 2"), "{error}");
    minted(&h, "globex-key", "https://globex.example/").await;
}

#[tokio::test]
async fn a_hangup_signal_makes_the_serving_server_read_the_file_again() {
    use tokio::signal::unix::{signal, SignalKind};
    // Listening here too keeps the process alive through a SIGHUP that arrives before the
    // server's own listener is in place (the default action would end it).
    let _survive = signal(SignalKind::hangup()).unwrap();
    let (h, file) = harness_of_partners(&acme("https://acme.example/hooks")).await;
    let served = h.serve().await;
    let both = acme("https://acme.example/hooks") + &globex("https://globex.example/hooks");
    std::fs::write(file.path(), both).unwrap();
    let reloaded = || h.state.partners.current().get("globex").is_some();
    // Sent again until the server's listener has taken one: it starts with the server.
    for _ in 0..200 {
        if reloaded() {
            break;
        }
        // SAFETY: kill(2) on our own process id, with a signal this process handles.
        unsafe { libc::kill(libc::getpid(), libc::SIGHUP) };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(reloaded(), "SIGHUP read the partners file again");
    minted(&h, "globex-key", "https://globex.example/").await;
    served.stop.send(()).unwrap();
    served.server.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_framing_pages_theme_is_checked_kept_with_its_session_and_wins_over_the_settings() {
    let (h, _file) = harness_of_partners(&acme("http://127.0.0.1:9/unused")).await;
    let claim = |code: &str, theme: Value| json!({"sessionToken": code, "embedOrigin": "https://app.acme.example", "theme": theme});

    // Not an object: refused by name, the code left unclaimed.
    let (_, code) = minted(&h, "acme-key", "https://acme.example/onboarding/x").await;
    let (status, refused) = send_claim(&h, claim(&code, json!("#fff"))).await;
    support::assert_invalid_field(status, &refused, "theme", "object");

    // Values that do not pass are dropped and named; the rest is set in canonical form, and the
    // page's theme replaces the settings' whole (no dark scheme, no radius of theirs).
    let page_theme = json!({
        "colors": {"primary": "#FFD400", "text": "red; background: url(https://evil.example/x)"},
        "fontFamily": "Inter, sans-serif",
        "spacing": 8,
        "shadow": "none"
    });
    let (status, claimed) = send_claim(&h, claim(&code, page_theme)).await;
    assert_eq!(status, StatusCode::OK, "{claimed}");
    let credential = claimed["credential"].as_str().unwrap();
    let (_, _, session) = h.widget_get("/api/v1/session", credential).await;
    assert_eq!(
        session["theme"],
        json!({
            "properties": [
                {"name": "--onboard-color-primary", "value": "#ffd400"},
                {"name": "--onboard-color-primary-contrast", "value": "#000000"},
                {"name": "--onboard-font-family", "value": "Inter, sans-serif"},
            ],
            "rejected": ["colors.text", "spacing"],
        })
    );
    // Read again (a reload of the frame resumes with the credential), the page's theme stays.
    let (_, _, again) = h.widget_get("/api/v1/session", credential).await;
    assert_eq!(again["theme"], session["theme"]);

    // An empty page theme sets nothing, and still wins: the page asked for the defaults.
    let (_, code) = minted(&h, "acme-key", "https://acme.example/onboarding/x").await;
    let (_, claimed) = send_claim(&h, claim(&code, json!({}))).await;
    let (_, _, session) = h
        .widget_get("/api/v1/session", claimed["credential"].as_str().unwrap())
        .await;
    assert_eq!(session["theme"], json!({}));

    // No page theme: the settings'.
    let (_, code) = minted(&h, "acme-key", "https://acme.example/onboarding/x").await;
    let (_, claimed) = claim_framed(&h, &code, "https://app.acme.example").await;
    let (_, _, session) = h
        .widget_get("/api/v1/session", claimed["credential"].as_str().unwrap())
        .await;
    assert_eq!(session["theme"], acme_theme());
}
