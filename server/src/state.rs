//! The app's one context: the configuration, the database, the provider clients and what the
//! server keeps in memory, built once at start and shared by every handler.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use sqlx::AnyPool;
use tokio::sync::watch;

use crate::onboarding::drafts::{DraftCipher, DraftsKey};
use crate::providers::{
    self, AmlClient, IssuerClient, KycRecordsClient, OnboardingClient, OpenBankingClient,
};
use crate::{
    applications, auth, db, events, minting, notifications, partners, rate_limit, routes,
    short_lived, Config,
};

/// Everything a handler needs. axum clones the state for every request, so it is one `Arc`:
/// one count to raise and drop instead of one per service (BENCHMARKS.md, server part).
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

pub struct Services {
    pub config: Config,
    pub db: AnyPool,
    pub onboarding: OnboardingClient,
    pub openbanking: OpenBankingClient,
    pub aml: AmlClient,
    pub kyc: KycRecordsClient,
    pub issuer: IssuerClient,
    pub rate_limits: rate_limit::RateLimits,
    /// The partners and their settings (keys compared by hash, see `auth::Partner`).
    pub partners: Arc<partners::Partners>,
    pub notifier: Arc<notifications::Notifier>,
    /// Records minted sessions, many to a commit under load.
    pub mint_writer: minting::writer::MintWriter,
    pub events: events::Bus,
    pub open_streams: routes::session_events::OpenStreams,
    /// Widget sessions by token hash, for `ONBOARD_SESSION_CACHE_SECS`. Only what never changes
    /// while a session lives is kept (`auth::Session`), and a copy never outlives its row:
    /// expiry is checked on every request, a revocation here drops the copies before it
    /// answers, and an unknown or revoked token is never kept.
    pub widget_sessions: short_lived::ShortLived<String, auth::Session>,
    /// The status route's copies of the provider's answers, for `ONBOARD_STATUS_MAX_AGE_MS`;
    /// whatever status Onboard records replaces its copy at once.
    pub statuses: short_lived::ShortLived<protocol::ApplicationId, protocol::api::StatusView>,
    /// The workflows read from the provider, for `ONBOARD_WORKFLOW_CACHE_SECS`.
    pub workflows: short_lived::ShortLived<String, protocol::onboarding::Workflow>,
    /// How fast the background reconciliation may ask the onboarding provider.
    pub reconciliation: applications::reconciliation::Pace,
    /// Seals and opens the applicants' drafts (`ONBOARD_DRAFTS_KEY`).
    pub draft_cipher: DraftCipher,
    /// Turns true when the server begins to stop: event streams end with a retry hint, so that
    /// the graceful shutdown does not wait on them.
    pub shutdown: Arc<watch::Sender<bool>>,
}

impl AppState {
    pub async fn new(mut config: Config) -> anyhow::Result<Self> {
        if config.sandbox && config.aml_webhook_secret.is_none() {
            // The embedded sandbox signs with whatever we give it; a fresh key per process
            // means no well-known default secret exists.
            let key = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
            config.aml_webhook_secret = Some(format!("whsec_{key}"));
        }
        let partners = Arc::new(partners::Partners::load(&config)?);
        refuse_demo_credentials(&config, partners.current().keys())?;
        // The key's own text stays out of the error: it is a secret, however malformed.
        let drafts_key = DraftsKey::parse(&config.drafts_key)
            .map_err(|err| anyhow::anyhow!("ONBOARD_DRAFTS_KEY {err}"))?;
        let draft_cipher = DraftCipher::new(&drafts_key);
        let db = db::connect(&config.database_url).await?;
        let events = events::Bus::default();
        if db::Backend::of(&config.database_url)? == db::Backend::Postgres {
            events::relay_other_instances(events.clone(), &config.database_url).await?;
        }
        let http = providers::http_client();
        let (id, secret) = (config.client_id.clone(), config.client_secret.clone());
        let onboarding = OnboardingClient::new(
            http.clone(),
            config.provider_url(),
            id.clone(),
            secret.clone(),
        );
        let openbanking = OpenBankingClient::new(
            http.clone(),
            config.openbanking_url(),
            id.clone(),
            secret.clone(),
        );
        let aml = AmlClient::new(http.clone(), config.aml_url(), id.clone(), secret.clone());
        let kyc = KycRecordsClient::new(
            http.clone(),
            config.kyc_url(),
            id.clone(),
            secret.clone(),
            config.kyc_bank_id.clone(),
        );
        let issuer = IssuerClient::new(
            http,
            config.issuer_url(),
            id,
            secret,
            config.issuer_id.clone(),
        );
        let notifier = Arc::new(notifications::Notifier::new(&config, partners.clone())?);
        let mint_writer = minting::writer::MintWriter::spawn(db.clone(), notifier.clone());
        let rate_limits = rate_limit::RateLimits::new(&config);
        let widget_sessions =
            short_lived::ShortLived::new(Duration::from_secs(config.session_cache_secs));
        let statuses =
            short_lived::ShortLived::new(Duration::from_millis(config.status_max_age_ms));
        let workflows =
            short_lived::ShortLived::new(Duration::from_secs(config.workflow_cache_secs));
        Ok(Self(Arc::new(Services {
            config,
            db,
            onboarding,
            openbanking,
            aml,
            kyc,
            issuer,
            rate_limits,
            partners,
            notifier,
            mint_writer,
            events,
            open_streams: Default::default(),
            widget_sessions,
            statuses,
            workflows,
            reconciliation: Default::default(),
            draft_cipher,
            shutdown: Arc::new(watch::Sender::new(false)),
        })))
    }
}

/// The demo's credentials are public: with the sandbox off they would be live credentials
/// anyone can read in this repository. Refused unless explicitly allowed, and then said on
/// every start.
fn refuse_demo_credentials(
    config: &Config,
    partner_keys: &[auth::PartnerKey],
) -> anyhow::Result<()> {
    let settings = config.demo_credentials(partner_keys);
    if config.sandbox || settings.is_empty() {
        return Ok(());
    }
    let settings = settings.join(" and ");
    anyhow::ensure!(
        config.allow_demo_credentials,
        "{settings}: the demo's public credentials, with the sandbox off; configure your own \
         (or set ONBOARD_ALLOW_DEMO_CREDENTIALS=true to run with them against a sandbox)"
    );
    tracing::warn!(
        "ONBOARD_ALLOW_DEMO_CREDENTIALS: {settings} hold the demo's public credentials and the \
         sandbox is off; anyone who has read this repository can use them"
    );
    Ok(())
}
