//! One running stack per test or bench: server + sandbox + browser, all on 127.0.0.1.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use clap::Parser;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use http::Method;
use onboard_sandbox::remote::Remote;
use onboard_server::{app, AppState, Config};
use protocol::ApplicationStatus;
use serde_json::{json, Value};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Generous: the release wasm compiles on a loaded 2-core machine, and the widget's backoff
/// may be waiting several seconds before its next poll.
pub const UI_TIMEOUT: Duration = Duration::from_secs(40);
/// What the core-banking platform signs its webhooks with in these tests.
const CORE_BANKING_SECRET: &str = "whsec_dGhlIGUyZSB0ZXN0cycga2V5";

pub struct Stack {
    pub base: String,
    /// A partner's site on a second loopback origin, allowed to embed the widget.
    pub partner: String,
    /// The same site on a third origin, which is not.
    pub stranger: String,
    pub state: AppState,
    pub browser: Client,
    /// Console errors this test provokes on purpose (see [`Stack::expect_console_errors`]).
    expected_console_errors: Mutex<Vec<&'static str>>,
    chromedriver: Child,
    chromedriver_port: u16,
    dir: tempfile::TempDir,
}

/// The checkout this crate is part of, where `cargo xtask` puts dist/ and tools/.
fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ is inside the workspace")
}

fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("ONBOARD_DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built widget in {}: run `cargo xtask build` (or `cargo xtask test`) first",
        dist.display()
    );
    dist
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Every log line the servers of this test binary write, as JSON, as production logs them.
fn captured_logs() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .json()
            .with_env_filter("info,onboard_server=debug,onboard_sandbox=debug,tower_http=debug")
            .with_writer(move || LogSink(sink.clone()))
            .init();
        logs
    })
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Stack {
    pub async fn start() -> Stack {
        Self::start_with(&[]).await
    }

    /// The stack with server settings of the test's own (`--name=value`) after the defaults.
    pub async fn start_with(settings: &[&str]) -> Stack {
        captured_logs();
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let partner_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let stranger_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let partner = format!("http://{}", partner_listener.local_addr().unwrap());
        let stranger = format!("http://{}", stranger_listener.local_addr().unwrap());
        crate::partner::serve(partner_listener, &base, &stranger);
        crate::partner::serve(stranger_listener, &base, &stranger);
        let config = Config::parse_from(
            [
                "onboard-server".to_owned(),
                format!("--public-url={base}/"),
                format!(
                    "--database-url=sqlite://{}",
                    dir.path().join("onboard.db").display()
                ),
                format!("--dist-dir={}", dist_dir().display()),
                "--sandbox=true".to_owned(),
                format!("--embed-origins={partner}"),
                format!("--core-banking-webhook-secret={CORE_BANKING_SECRET}"),
            ]
            .into_iter()
            .chain(settings.iter().map(|setting| (*setting).to_owned())),
        );
        let state = AppState::new(config).await.unwrap();
        let router = app(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

        let port = free_port();
        let chromedriver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (cargo xtask setup installs it)");
        let browser = connect(port, &dir.path().join("profile")).await;
        Stack {
            base,
            partner,
            stranger,
            state,
            browser,
            expected_console_errors: Mutex::new(Vec::new()),
            chromedriver,
            chromedriver_port: port,
            dir,
        }
    }

    /// Another person's browser: a browser of its own (profile, storage, history), driven by
    /// the same ChromeDriver. Close it at the end of the test.
    pub async fn other_browser(&self, name: &str) -> Client {
        connect(
            self.chromedriver_port,
            &self.dir.path().join(format!("profile-{name}")),
        )
        .await
    }

    /// Lets console errors containing any of `fragments` pass [`Stack::shutdown`]'s check: the
    /// ones this test provokes (a 503 it injects, a 401 of the session it ends).
    pub fn expect_console_errors(&self, fragments: &[&'static str]) {
        self.expected_console_errors
            .lock()
            .unwrap()
            .extend_from_slice(fragments);
    }

    /// Fails on any error the pages logged to the console since the last read (failed loads and
    /// uncaught exceptions included), but those [`Stack::expect_console_errors`] allowed: a
    /// partner sees them in its own console.
    pub async fn assert_no_console_errors(&self) {
        let log = self
            .browser
            .issue_cmd(BrowserLog)
            .await
            .expect("ChromeDriver's browser log");
        let expected = self.expected_console_errors.lock().unwrap().clone();
        let unexpected: Vec<String> = log
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .filter_map(|entry| entry["message"].as_str())
            .filter(|message| !expected.iter().any(|fragment| message.contains(fragment)))
            .map(|message| format!("  {message}"))
            .collect();
        assert!(
            unexpected.is_empty(),
            "console errors:\n{}",
            unexpected.join("\n")
        );
    }

    /// Fails if any log line so far holds a credential: a session's claim code or credential, a
    /// consent's `state` or return code (recognised by their stored hashes), a partner key, the
    /// provider client secret or a webhook secret.
    pub async fn assert_no_secrets_logged(&self) {
        let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).into_owned();
        assert!(logs.contains("session minted"), "the logs were captured");
        let config = &self.state.config;
        let fixed = [
            Some(&config.client_secret),
            config.aml_webhook_secret.as_ref(),
            config.core_banking_webhook_secret.as_ref(),
        ];
        for secret in fixed.into_iter().flatten().chain(&config.partner_keys) {
            assert!(
                !logs.contains(secret.as_str()),
                "a configured secret was logged"
            );
        }
        let hashes: Vec<String> = sqlx::query_scalar(
            "SELECT token_hash FROM sessions UNION SELECT code_hash FROM session_claims
             UNION SELECT state_hash FROM consents
             UNION SELECT return_code_hash FROM consents WHERE return_code_hash IS NOT NULL",
        )
        .fetch_all(&self.state.db)
        .await
        .unwrap();
        let words = logs.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        for word in words.filter(|word| word.len() >= 32) {
            let hash = onboard_server::auth::token_hash(word);
            assert!(
                !hashes.contains(&hash),
                "a session's code or credential, or a consent's state or return code, was logged: {word}"
            );
        }
    }

    /// Fails if the page's DOM (markup and attributes included) holds anything that reads as a
    /// full card number: 13 to 19 digits, spaces or dashes between allowed, passing Luhn.
    pub async fn assert_no_card_number_in_dom(&self) {
        let html = self.browser.source().await.unwrap();
        let mut digits = String::new();
        for c in html.chars().chain(std::iter::once('.')) {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' if !digits.is_empty() => {}
                _ => {
                    let values: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
                    assert!(
                        !((13..=19).contains(&digits.len())
                            && protocol::identity::luhn_ok(&values)),
                        "a card number is in the DOM: {digits}"
                    );
                    digits.clear();
                }
            }
        }
    }

    /// Fails if the page shows a screening result in any of the widget's languages: PEP and
    /// sanction hits are the partner's, and would tip off the person screened. Its whole
    /// source, not only the text shown, so that a hidden element or an attribute fails too.
    pub async fn assert_no_screening_shown(&self) {
        let html = self.browser.source().await.unwrap().to_lowercase();
        for word in [
            "sanction",
            "sanktion",
            "sanksjon",
            "politically exposed",
            "politisk",
            "politisch",
            "pephit",
        ] {
            assert!(!html.contains(word), "the page shows screening: {word}");
        }
    }

    /// The partner's backend reads the application with its API key.
    pub async fn partner_reads(&self, application_id: &str) -> Value {
        let response = reqwest::Client::new()
            .get(format!(
                "{}/api/v1/applications/{application_id}",
                self.base
            ))
            .bearer_auth("demo-partner-key")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Checks the console (see [`Stack::assert_no_console_errors`]) and ends the browser
    /// session; dropping the stack then stops ChromeDriver.
    pub async fn shutdown(self) {
        self.assert_no_console_errors().await;
        let _ = self.browser.clone().close().await;
    }

    pub async fn goto(&self, path: &str) {
        self.browser
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// Waits for an element matching `css` to appear.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        wait_in(&self.browser, css).await
    }

    /// Waits until the first element matching `css` has a text that `wanted` accepts.
    pub async fn wait_for_text(&self, css: &str, what: &str, wanted: impl Fn(&str) -> bool) {
        let deadline = std::time::Instant::now() + UI_TIMEOUT;
        loop {
            if let Ok(element) = self.browser.find(Locator::Css(css)).await {
                if element.text().await.is_ok_and(|text| wanted(&text)) {
                    return;
                }
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{css} never showed {what}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core on the page as it is now and fails the test with every WCAG 2.2 A/AA
    /// violation found, naming `screen` so the failure says where the user was.
    pub async fn assert_accessible(&self, screen: &str) {
        assert_accessible_in(&self.browser, screen).await;
    }

    /// Waits until keyboard focus is on the element matching `css`.
    pub async fn wait_for_focus(&self, css: &str) {
        let deadline = std::time::Instant::now() + UI_TIMEOUT;
        loop {
            let focused = self
                .browser
                .execute(
                    "return document.activeElement?.matches(arguments[0]) ?? false;",
                    vec![json!(css)],
                )
                .await
                .unwrap();
            if focused == Value::Bool(true) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "focus never moved to {css}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn session_storage(&self, key: &str) -> Option<String> {
        let value = self
            .browser
            .execute(
                "return window.sessionStorage.getItem(arguments[0]);",
                vec![json!(key)],
            )
            .await
            .unwrap();
        value.as_str().map(str::to_owned)
    }

    /// A partner's backend minting a session over the real HTTP API.
    pub async fn mint_session(&self, workflow: &str) -> Value {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/sessions", self.base))
            .bearer_auth("demo-partner-key")
            .json(&json!({"workflowId": workflow, "countryCode": "SE", "redirectUrl": format!("{}/demo", self.base)}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    /// A new session's hosted link opened in the current tab, as its customer would; the
    /// minted session, for what the caller needs of it.
    pub async fn open_hosted_link(&self, workflow: &str) -> Value {
        let session = self.mint_session(workflow).await;
        let token = session["sessionToken"].as_str().unwrap();
        self.goto(&format!("/#token={token}")).await;
        session
    }

    /// The partner's backend mints a new session for one of its applications, for its applicant
    /// to carry on elsewhere or later (its API key, over HTTP).
    pub async fn mint_session_again(&self, application_id: &str) -> Value {
        let response = reqwest::Client::new()
            .post(format!(
                "{}/api/v1/applications/{application_id}/sessions",
                self.base
            ))
            .bearer_auth("demo-partner-key")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    /// The partner's backend ends every session of the application (its API key, over HTTP).
    pub async fn revoke_sessions(&self, application_id: &str) {
        let response = reqwest::Client::new()
            .delete(format!(
                "{}/api/v1/applications/{application_id}/sessions",
                self.base
            ))
            .bearer_auth("demo-partner-key")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let revoked: Value = response.json().await.unwrap();
        assert_eq!(revoked["revoked"], 1, "{revoked}");
    }

    /// The application of the session `credential` (what the widget claimed) opens.
    pub async fn application_of(&self, credential: &str) -> String {
        let session: Value = reqwest::Client::new()
            .get(format!("{}/api/v1/session", self.base))
            .bearer_auth(credential)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        session["applicationId"].as_str().unwrap().to_owned()
    }

    /// The core-banking platform's AML result for the applicant, signed as it signs them.
    /// Returns the wall-clock time just before the POST: the push bench measures from it.
    pub async fn deliver_aml_result(&self, application_id: &str) -> SystemTime {
        let id = format!("msg_{application_id}");
        let body = json!({
            "notificationId": format!("N-{application_id}"),
            "notificationTypeCode": "AML_PAYMENT_RESULTS_PUBLISHED",
            "destination": format!("{}/webhooks/core-banking", self.base),
            "originalMessageDateTime": "2026-11-23T11:18:19.955Z",
            "data": {"amlProcessId": "ID-1000", "amlProcessResultCode": "APPROVED", "personId": application_id}
        })
        .to_string();
        let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let request = reqwest::Client::new()
            .post(format!("{}/webhooks/core-banking", self.base))
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                protocol::webhooks::sign(CORE_BANKING_SECRET, &id, timestamp, body.as_bytes()),
            )
            .body(body);
        let sent = SystemTime::now();
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        sent
    }

    /// At the mock bank's login page: logs in as a test user and presses `button` (`#approve`,
    /// `#deny`) on the consent page that follows.
    pub async fn log_in_at_the_bank_and_press(&self, button: &str) {
        log_in_at_the_bank_and_press(&self.browser, button).await;
    }

    /// The sandbox's test controls.
    fn sandbox(&self) -> Remote {
        Remote::new(&format!("{}/sandbox/", self.base))
    }

    /// Makes the sandbox's providers fail as `rules` say (see `onboard_sandbox::faults`); `[]`
    /// lifts every fault.
    pub async fn set_faults(&self, rules: Value) {
        self.sandbox().set_faults(rules).await;
    }

    /// The sandbox's fault rules not yet used up: a rule with `times` goes once it has been met.
    pub async fn faults_left(&self) -> Vec<Value> {
        self.sandbox().faults_left().await
    }

    /// The sandbox's control endpoint: what the provider's review decided.
    pub async fn set_provider_status(&self, application_id: &str, status: ApplicationStatus) {
        self.sandbox()
            .set_application_status(application_id, status)
            .await;
    }
}

/// axe-core's browser bundle, as `cargo xtask setup` installed it from tools/package.json.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = workspace_root().join("tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "cannot read {}: {err}; run `cargo xtask setup`",
                path.display()
            )
        })
    })
}

/// ChromeDriver's `POST /session/{id}/se/log` for the `browser` log: every console entry of
/// every page since the last read, kept because the session asks for it (`goog:loggingPrefs`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("the log belongs to a WebDriver session");
        base_url.join(&format!("session/{session}/se/log"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(json!({"type": "browser"}).to_string()))
    }
}

/// A test that fails does not reach `shutdown`: ChromeDriver must not outlive it either way.
impl Drop for Stack {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

/// Waits for an element matching `css` to appear in `browser`'s page.
pub async fn wait_in(browser: &Client, css: &str) -> fantoccini::elements::Element {
    let deadline = std::time::Instant::now() + UI_TIMEOUT;
    loop {
        // Any error is looked past until the deadline, not only "no such element": a find
        // sent while the page navigates (the bank's redirects back to the widget) fails with
        // "aborted by navigation", and the next one finds the new page.
        match browser.find(Locator::Css(css)).await {
            Ok(element) => return element,
            Err(err) if std::time::Instant::now() >= deadline => {
                panic!("{css} did not appear: {err}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// At the mock bank's login page in `browser`: logs in and presses `button` (`#approve`,
/// `#deny`).
pub async fn log_in_at_the_bank_and_press(browser: &Client, button: &str) {
    for (field, text) in [("#username", "anna"), ("#password", "anything")] {
        wait_in(browser, field).await.send_keys(text).await.unwrap();
    }
    wait_in(browser, "#login").await.click().await.unwrap();
    wait_in(browser, button).await.click().await.unwrap();
}

/// ChromeDriver takes a moment to listen; retry the session until it does.
async fn connect(port: u16, profile: &std::path::Path) -> Client {
    let capabilities = json!({
        "goog:loggingPrefs": {"browser": "ALL"},
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1024,900",
                // No colour transitions: axe checks contrast as it is at one instant, and a
                // button fading into its hover colour under the pointer is neither colour.
                "--force-prefers-reduced-motion",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let capabilities = capabilities.as_object().unwrap().clone();
    let mut last_error = None;
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return client,
            Err(err) => last_error = Some(err),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("could not start a browser session: {last_error:?}");
}

/// Runs axe-core on the page as it is now and fails the test with every WCAG 2.2 A/AA
/// violation found in `browser` (another browser than the stack's: a phone's), naming `screen` so the failure says where the user was.
pub async fn assert_accessible_in(browser: &fantoccini::Client, screen: &str) {
    // Sent as the body of a WebDriver script, not as a <script> element: the page's CSP
    // refuses inline and foreign scripts, but a WebDriver script runs outside the CSP.
    // Once per document: axe stays on `window` until the page reloads.
    let loaded = browser
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap();
    if loaded != Value::Bool(true) {
        browser.execute(axe_source(), vec![]).await.unwrap();
    }
    let report = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                resultTypes: ['violations'],
            }).then(
                (results) => done({ violations: results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map((node) => node.target.join(' ')),
                })) }),
                (error) => done({ error: String(error) }),
            );",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        report["error"].is_null(),
        "axe could not check {screen}: {}",
        report["error"]
    );
    let violations = report["violations"].as_array().cloned().unwrap_or_default();
    let listed: Vec<String> = violations
        .iter()
        .map(|v| {
            let targets: Vec<&str> = v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            format!(
                "  {} ({}): {}\n    at {}",
                v["id"],
                v["impact"],
                v["help"],
                targets.join(", ")
            )
        })
        .collect();
    assert!(
        listed.is_empty(),
        "accessibility violations on {screen}:\n{}",
        listed.join("\n")
    );
}
