//! Chrome DevTools Protocol commands, sent through ChromeDriver's `goog/cdp/execute` endpoint
//! to the page the WebDriver session drives.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use http::Method;
use serde_json::{json, Value};
use url::{ParseError, Url};

#[derive(Debug)]
struct CdpCommand {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &Url, session_id: Option<&str>) -> Result<Url, ParseError> {
        let session = session_id.expect("a CDP command needs a WebDriver session");
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &Url) -> (Method, Option<String>) {
        let body = json!({"cmd": self.method, "params": self.params});
        (Method::POST, Some(body.to_string()))
    }
}

/// Runs CDP `method` with `params` and returns its result.
pub async fn cdp(browser: &Client, method: &'static str, params: Value) -> Value {
    browser
        .issue_cmd(CdpCommand { method, params })
        .await
        .unwrap_or_else(|err| panic!("CDP {method} failed: {err}"))
}
