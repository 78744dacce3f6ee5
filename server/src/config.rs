//! Every setting, from the command line or the environment; the defaults run the demo.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

use axum::http::HeaderName;
use clap::Parser;
use onboard_sandbox::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use url::Url;

use crate::auth::{token_hash, PartnerKey};
use crate::onboarding::drafts::DraftsKey;

/// The demo page's partner key: public, like the sandbox's client secret.
pub const DEMO_PARTNER_KEY: &str = "demo-partner-key";

/// The demo's key for sealing drafts (base64 of `onboard-demo-drafts-key-32-bytes`): public, so
/// refused with the sandbox off like the demo's other credentials.
pub const DEMO_DRAFTS_KEY: &str = "b25ib2FyZC1kZW1vLWRyYWZ0cy1rZXktMzItYnl0ZXM=";

#[derive(Debug, Clone, Parser)]
#[command(
    name = "onboard-server",
    about = "Onboard's backend: sessions, widget API, hosted link"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ONBOARD_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Seconds a connection may take to send a request's headers, counted from when it opens or
    /// its previous answer ends: slow or unfinished headers and idle kept-alive connections are
    /// closed after it. Behind a load balancer that keeps idle connections to us, set it above
    /// the balancer's idle timeout.
    #[arg(long, env = "ONBOARD_HEADER_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout_secs: u64,

    /// Seconds a request body may pause; one that stops arriving is refused and its connection
    /// closed.
    #[arg(long, env = "ONBOARD_BODY_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout_secs: u64,

    /// The URL browsers reach this server at (hosted links, redirects). Default: http://<bind>/.
    #[arg(long, env = "ONBOARD_PUBLIC_URL")]
    pub public_url: Option<Url>,

    /// `public_url` or its default, with a trailing slash: resolved once, since every session
    /// minted makes its hosted link from it.
    #[arg(skip)]
    resolved_public_url: OnceLock<Url>,

    /// Base URL of the onboarding provider's API. Default: the embedded sandbox.
    #[arg(long, env = "ONBOARD_PROVIDER_URL")]
    pub provider_url: Option<Url>,

    /// Base URL of the open-banking (account information) provider's API. Default: the
    /// embedded sandbox.
    #[arg(long, env = "ONBOARD_OPENBANKING_URL")]
    pub openbanking_url: Option<Url>,

    /// Base URL of the AML screening provider's API (organizations). Default: the embedded
    /// sandbox.
    #[arg(long, env = "ONBOARD_AML_URL")]
    pub aml_url: Option<Url>,

    /// Base URL of the bank's KYC records API. Default: the embedded sandbox.
    #[arg(long, env = "ONBOARD_KYC_URL")]
    pub kyc_url: Option<Url>,

    /// Base URL of the card issuer's account API. Default: the embedded sandbox.
    #[arg(long, env = "ONBOARD_ISSUER_URL")]
    pub issuer_url: Option<Url>,

    /// The issuer id at the card issuer's account API.
    #[arg(long, env = "ONBOARD_ISSUER_ID", default_value = "1234")]
    pub issuer_id: String,

    /// The bank id at the KYC records API that customers are recorded under.
    #[arg(
        long,
        env = "ONBOARD_KYC_BANK_ID",
        default_value = "onboard.sandbox.bank"
    )]
    pub kyc_bank_id: String,

    /// OAuth client id at the providers.
    #[arg(long, env = "ONBOARD_CLIENT_ID", default_value = DEMO_CLIENT_ID)]
    pub client_id: String,

    /// OAuth client secret at the providers (the default is the sandbox's).
    #[arg(
        long,
        env = "ONBOARD_CLIENT_SECRET",
        default_value = DEMO_CLIENT_SECRET,
        hide_env_values = true
    )]
    pub client_secret: String,

    /// Standard Webhooks secret (`whsec_<base64>`) the AML provider signs its webhooks with.
    /// Unset with the embedded sandbox: one is made up at start and given to the sandbox.
    /// Unset otherwise: the AML provider's webhooks are refused.
    #[arg(long, env = "ONBOARD_AML_WEBHOOK_SECRET", hide_env_values = true)]
    pub aml_webhook_secret: Option<String>,

    /// Standard Webhooks secret the core-banking platform signs its AML events with. Unset: its
    /// webhooks are refused.
    #[arg(
        long,
        env = "ONBOARD_CORE_BANKING_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub core_banking_webhook_secret: Option<String>,

    /// The key drafts are sealed with at rest: 32 random bytes, as 64 hex digits or base64
    /// (`openssl rand -base64 32`). Drafts sealed under a key since replaced are left out of
    /// what the widget reads. The default is the demo's, public, and refused with the sandbox
    /// off.
    #[arg(
        long,
        env = "ONBOARD_DRAFTS_KEY",
        default_value = DEMO_DRAFTS_KEY,
        hide_env_values = true
    )]
    pub drafts_key: String,

    /// The partners file (TOML): every partner with its keys, redirect allowlist, embedding
    /// origins, public-link workflows, webhook and default locale (README, "Partners"). Read
    /// again on SIGHUP. Unset: the single partner of the variables below.
    #[arg(long, env = "ONBOARD_PARTNERS_FILE")]
    pub partners_file: Option<PathBuf>,

    /// Partner API keys, comma-separated: `key`, `partner:key`, or `partner:sha256:<hex>` (only
    /// the key's hash configured). Two entries with one partner name rotate its key.
    #[arg(
        long,
        env = "ONBOARD_PARTNER_KEYS",
        value_delimiter = ',',
        default_value = DEMO_PARTNER_KEY,
        hide_env_values = true
    )]
    pub partner_keys: Vec<String>,

    /// Where partners are told of their applications' status changes, comma-separated
    /// `partner=https://url` (http only for 127.0.0.1 or localhost). A partner without one is
    /// not notified.
    #[arg(long, env = "ONBOARD_PARTNER_WEBHOOKS", value_delimiter = ',')]
    pub partner_webhooks: Vec<String>,

    /// The Standard Webhooks secret each notified partner verifies our notifications with,
    /// comma-separated `partner=whsec_<base64>`; every partner in ONBOARD_PARTNER_WEBHOOKS needs
    /// one, and none is shared, so one partner cannot forge another's.
    #[arg(
        long,
        env = "ONBOARD_PARTNER_WEBHOOK_SECRETS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub partner_webhook_secrets: Vec<String>,

    /// Deliveries of one notification before it is dead-lettered.
    #[arg(long, env = "ONBOARD_PARTNER_WEBHOOK_ATTEMPTS", default_value_t = 8)]
    pub partner_webhook_attempts: u32,

    /// The ceiling of the first wait before a failed notification is tried again, in seconds;
    /// it doubles with every try (full jitter), up to six hours.
    #[arg(
        long,
        env = "ONBOARD_PARTNER_WEBHOOK_BACKOFF_SECS",
        default_value_t = 30
    )]
    pub partner_webhook_backoff_secs: u64,

    /// URLs a session's redirectUrl must fall under, comma-separated: same origin, the entry's
    /// path as whole segments. Default: this server's public URL.
    #[arg(long, env = "ONBOARD_REDIRECT_ALLOWLIST", value_delimiter = ',')]
    pub redirect_allowlist: Vec<Url>,

    /// Origins of the partner pages that may embed the widget in an iframe (`/onboard.js`),
    /// comma-separated. This server's own origin (the demo page) always may. With a partners
    /// file, these are for this server's own sessions (the public link's, the demo page's); each
    /// partner's are in the file.
    #[arg(long, env = "ONBOARD_EMBED_ORIGINS", value_delimiter = ',')]
    pub embed_origins: Vec<Url>,

    /// Origins whose pages may call the API from the browser (CORS), comma-separated. Default:
    /// none; the widget calls its own origin, and partners' backends need no CORS.
    #[arg(long, env = "ONBOARD_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<Url>,

    /// Workflows the public hosted link `/start/{workflowId}` may start.
    #[arg(
        long,
        env = "ONBOARD_HOSTED_WORKFLOWS",
        value_delimiter = ',',
        default_value = "kyc-demo,kyb-demo,bank-demo"
    )]
    pub hosted_workflows: Vec<String>,

    /// Database URL: `sqlite:<file>` (created when missing) or `postgres://…` (instances sharing
    /// one PostgreSQL database share sessions, consents, webhooks and session events).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/onboard.db")]
    pub database_url: String,

    /// The built widget (Trunk's dist folder).
    #[arg(long, env = "ONBOARD_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// Sessions a partner may mint per minute (a burst of as many is allowed).
    #[arg(long, env = "ONBOARD_MINT_RATE_PER_MINUTE", default_value_t = 600)]
    pub mint_rate_per_minute: u32,

    /// Sessions the public links (`/start/{workflowId}`, `/demo/sessions`) may mint per minute
    /// for one client address (an IPv6 client by its /64), a burst of as many allowed.
    #[arg(
        long,
        env = "ONBOARD_PUBLIC_MINT_RATE_PER_ADDRESS_PER_MINUTE",
        default_value_t = 20
    )]
    pub public_mint_rate_per_address_per_minute: u32,

    /// Sessions the public links may mint per minute for all clients together.
    #[arg(
        long,
        env = "ONBOARD_PUBLIC_MINT_RATE_PER_MINUTE",
        default_value_t = 300
    )]
    pub public_mint_rate_per_minute: u32,

    /// Behind a load balancer: the header it writes the client's address in (`x-forwarded-for`),
    /// whose right-most address, the one the balancer appended, is taken as the client's.
    /// Unset: the TCP peer is the client, since anyone can send any header.
    #[arg(long, env = "ONBOARD_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<HeaderName>,

    /// Widget API calls a session may make per minute.
    #[arg(long, env = "ONBOARD_WIDGET_RATE_PER_MINUTE", default_value_t = 600)]
    pub widget_rate_per_minute: u32,

    /// Event streams (`GET /api/v1/session/events`) one session may hold open at once on this
    /// instance; one more is `429` with `Retry-After`.
    #[arg(long, env = "ONBOARD_SESSION_EVENT_STREAMS", default_value_t = 4)]
    pub session_event_streams: usize,

    /// How old, in milliseconds, the status the widget's `GET /api/v1/session/status` serves may
    /// be. Within it, reads share one copy of the provider's answer (concurrent reads of one
    /// application make one provider call); older, the provider is asked again. A change Onboard
    /// records (webhooks, submits, partner reads) replaces the copy at once. 0 asks the
    /// provider on every read.
    #[arg(long, env = "ONBOARD_STATUS_MAX_AGE_MS", default_value_t = 1000)]
    pub status_max_age_ms: u64,

    /// How long, in seconds, a workflow read from the provider is used without asking again:
    /// a workflow changes when its owner deploys a new one, while every answer saved needs it.
    /// 0 asks the provider every time.
    #[arg(long, env = "ONBOARD_WORKFLOW_CACHE_SECS", default_value_t = 300)]
    pub workflow_cache_secs: u64,

    /// How long, in seconds, a session found by its token is used without reading it again.
    /// Revocations in this process take effect at once; one made by another instance on a
    /// shared PostgreSQL database takes effect here at most this late. 0 reads on every request.
    #[arg(long, env = "ONBOARD_SESSION_CACHE_SECS", default_value_t = 5)]
    pub session_cache_secs: u64,

    /// Log lines as human-readable text, or as JSON objects for a log pipeline.
    #[arg(long, env = "ONBOARD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Mount the provider sandbox under /sandbox in this process.
    #[arg(long, env = "ONBOARD_SANDBOX", default_value_t = true, action = clap::ArgAction::Set)]
    pub sandbox: bool,

    /// Serve the demo page (`/demo`) and its session minting (`/demo/sessions`). Default: with
    /// the embedded sandbox.
    #[arg(long, env = "ONBOARD_DEMO", action = clap::ArgAction::Set)]
    pub demo: Option<bool>,

    /// Start although the sandbox is off and a setting holds one of the demo's public
    /// credentials (the sandbox's client secret, the demo partner key): for a sandbox run as its
    /// own process. Without it such a start is refused; with it, every start logs a warning.
    #[arg(
        long,
        env = "ONBOARD_ALLOW_DEMO_CREDENTIALS",
        default_value_t = false,
        action = clap::ArgAction::Set
    )]
    pub allow_demo_credentials: bool,

    /// Faults the embedded sandbox's providers start with, as the body of `PUT /sandbox/faults`:
    /// `{"rules": [{"path": "/onboarding/v1/applications.submit", "fault": {"kind": "status",
    /// "status": 503}, "times": 2}]}`.
    #[arg(long, env = "ONBOARD_SANDBOX_FAULTS", value_parser = parse_faults)]
    pub sandbox_faults: Option<onboard_sandbox::FaultRules>,
}

fn parse_faults(json: &str) -> Result<onboard_sandbox::FaultRules, String> {
    serde_json::from_str(json).map_err(|err| format!("not sandbox faults: {err}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    pub fn public_url(&self) -> &Url {
        self.resolved_public_url.get_or_init(|| {
            let url = self.public_url.clone().unwrap_or_else(|| {
                Url::parse(&format!("http://{}/", self.bind)).expect("a socket address makes a URL")
            });
            with_trailing_slash(url)
        })
    }

    pub fn provider_url(&self) -> Url {
        self.provider_base(&self.provider_url, "sandbox/onboarding/")
    }

    pub fn openbanking_url(&self) -> Url {
        self.provider_base(&self.openbanking_url, "sandbox/openbanking/")
    }

    pub fn aml_url(&self) -> Url {
        self.provider_base(&self.aml_url, "sandbox/aml/")
    }

    pub fn issuer_url(&self) -> Url {
        self.provider_base(&self.issuer_url, "sandbox/issuer/")
    }

    pub fn kyc_url(&self) -> Url {
        self.provider_base(&self.kyc_url, "sandbox/kyc/")
    }

    /// A provider's configured base URL, or the embedded sandbox's prefix for it.
    fn provider_base(&self, configured: &Option<Url>, sandbox_path: &str) -> Url {
        let url = configured.clone().unwrap_or_else(|| {
            self.public_url()
                .join(sandbox_path)
                .expect("relative path joins")
        });
        with_trailing_slash(url)
    }

    /// The origins (`scheme://host:port`) that may frame the widget.
    pub fn embed_origins(&self) -> Vec<String> {
        let mut origins: Vec<String> = std::iter::once(self.public_url())
            .chain(&self.embed_origins)
            .map(|url| url.origin().ascii_serialization())
            .collect();
        origins.dedup();
        origins
    }

    /// The settings that hold one of the demo's public credentials, in whatever form (a partner
    /// key bare, named or hashed; the drafts key in hex or base64).
    pub fn demo_credentials(&self, partner_keys: &[PartnerKey]) -> Vec<&'static str> {
        let demo_key = token_hash(DEMO_PARTNER_KEY);
        let mut settings = Vec::new();
        if self.client_secret == DEMO_CLIENT_SECRET {
            settings.push("ONBOARD_CLIENT_SECRET");
        }
        if partner_keys.iter().any(|key| key.hash == demo_key) {
            settings.push("ONBOARD_PARTNER_KEYS");
        }
        let demo_drafts_key = DraftsKey::parse(DEMO_DRAFTS_KEY).expect("the demo's key parses");
        if DraftsKey::parse(&self.drafts_key).is_ok_and(|key| key == demo_drafts_key) {
            settings.push("ONBOARD_DRAFTS_KEY");
        }
        settings
    }

    pub fn demo(&self) -> bool {
        self.demo.unwrap_or(self.sandbox)
    }

    pub fn redirect_allowlist(&self) -> &[Url] {
        if self.redirect_allowlist.is_empty() {
            std::slice::from_ref(self.public_url())
        } else {
            &self.redirect_allowlist
        }
    }
}

/// `Url::join` replaces the last path segment unless the base ends with a slash.
fn with_trailing_slash(mut url: Url) -> Url {
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_the_demo_against_the_embedded_sandbox() {
        let config = Config::parse_from(["onboard-server"]);
        assert_eq!(config.public_url().as_str(), "http://127.0.0.1:8080/");
        assert_eq!(
            config.provider_url().as_str(),
            "http://127.0.0.1:8080/sandbox/onboarding/"
        );
        assert_eq!(
            config.openbanking_url().as_str(),
            "http://127.0.0.1:8080/sandbox/openbanking/"
        );
        assert_eq!(config.partner_keys, ["demo-partner-key"]);
        assert_eq!(
            config.redirect_allowlist()[0].as_str(),
            "http://127.0.0.1:8080/"
        );
        assert!(config.sandbox);
        assert!(config.demo());
        assert_eq!(config.embed_origins(), ["http://127.0.0.1:8080"]);
    }

    #[test]
    fn lists_are_comma_separated_and_urls_get_a_trailing_slash() {
        let config = Config::parse_from([
            "onboard-server",
            "--partner-keys=a,b",
            "--provider-url=https://api.example/v0",
            "--sandbox=false",
            "--embed-origins=https://partner.example/app,http://localhost:3000",
        ]);
        assert_eq!(
            config.embed_origins(),
            [
                "http://127.0.0.1:8080",
                "https://partner.example",
                "http://localhost:3000"
            ]
        );
        assert_eq!(config.partner_keys, ["a", "b"]);
        assert_eq!(config.provider_url().as_str(), "https://api.example/v0/");
        assert!(!config.sandbox);
        assert!(!config.demo(), "the demo goes with the sandbox unless set");
    }
}
