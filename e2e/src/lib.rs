//! The browser harness the end-to-end tests (`tests/flows/`) and the browser benches
//! (`benches/widget/`, for `cargo xtask bench`) share: the real server with the embedded
//! sandbox on a free loopback port, the release widget from `dist/`, and headless Chromium
//! driven through ChromeDriver.

/// Chrome DevTools Protocol commands for what WebDriver cannot do: throttling, blocked URLs,
/// the HTTP cache.
pub mod cdp;
/// One running stack per test or bench: server, sandbox, partner sites and browser, with the
/// checks every test ends on (console errors, secrets in the logs).
pub mod harness;
/// A partner's site on its own origin, embedding the widget, and a stranger's beside it.
pub mod partner;
