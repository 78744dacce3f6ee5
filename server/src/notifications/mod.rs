//! Partners are told of their applications' status changes at the webhook they configured,
//! signed the Standard Webhooks way with a secret of their own. A notification is written to
//! the outbox (`partner_notifications`) in the transaction of the change it tells of; the
//! delivery worker sends it from there.

mod delivery;

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use protocol::api::partner::{PartnerNotification, StatusChanged, STATUS_CHANGED};
use protocol::backoff::PollSchedule;
use protocol::{ApplicationId, ApplicationStatus};
use sqlx::AnyConnection;
use url::Url;

pub use delivery::{deliver_due, spawn_worker};

use crate::auth::PartnerKey;
use crate::{db, Config};

/// One application's new status, with what its partner's notification names.
pub struct StatusRecord<'a> {
    pub application_id: &'a ApplicationId,
    pub partner_id: &'a str,
    pub external_ref: Option<&'a str>,
    pub status: ApplicationStatus,
    pub at: i64,
}

/// No wait between two tries of one notification is longer.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 60 * 60);

/// Where one partner is notified, and the secret it verifies our signatures with.
#[derive(Debug, Clone)]
pub struct PartnerWebhook {
    pub url: Url,
    pub secret: String,
}

/// The partners' webhooks and how their notifications are delivered.
pub struct Notifier {
    webhooks: HashMap<String, PartnerWebhook>,
    http: reqwest::Client,
    attempts: u32,
    backoff: PollSchedule,
}

impl Notifier {
    /// Checks the webhook settings against the partners the keys name; any mistake stops the
    /// start, since a partner silently not notified is worse.
    pub fn new(config: &Config, partners: &[PartnerKey]) -> anyhow::Result<Self> {
        let mut secrets = HashMap::new();
        for entry in &config.partner_webhook_secrets {
            let (partner, secret) = split_entry(entry, partners)
                .map_err(|err| anyhow::anyhow!("ONBOARD_PARTNER_WEBHOOK_SECRETS: {err}"))?;
            check_secret(secret).map_err(|err| {
                anyhow::anyhow!("ONBOARD_PARTNER_WEBHOOK_SECRETS: {partner}: {err}")
            })?;
            secrets.insert(partner.to_owned(), secret.to_owned());
        }
        let mut webhooks = HashMap::new();
        for entry in &config.partner_webhooks {
            let (partner, url) = split_entry(entry, partners)
                .map_err(|err| anyhow::anyhow!("ONBOARD_PARTNER_WEBHOOKS: {err}"))?;
            let url = webhook_url(url)
                .map_err(|err| anyhow::anyhow!("ONBOARD_PARTNER_WEBHOOKS: {partner}: {err}"))?;
            let secret = secrets.remove(partner).ok_or_else(|| {
                anyhow::anyhow!("ONBOARD_PARTNER_WEBHOOK_SECRETS has no secret for {partner}")
            })?;
            webhooks.insert(partner.to_owned(), PartnerWebhook { url, secret });
        }
        if let Some(partner) = secrets.keys().next() {
            anyhow::bail!("ONBOARD_PARTNER_WEBHOOK_SECRETS: {partner} has a secret but no webhook");
        }
        let http = crate::providers::client_builder()
            // A partner's redirect could point our signed request anywhere; it counts as a failure.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let backoff = PollSchedule {
            initial: Duration::from_secs(config.partner_webhook_backoff_secs),
            max: MAX_BACKOFF,
        };
        Ok(Self {
            webhooks,
            http,
            attempts: config.partner_webhook_attempts.max(1),
            backoff,
        })
    }

    fn webhook(&self, partner_id: &str) -> Option<&PartnerWebhook> {
        self.webhooks.get(partner_id)
    }
}

/// `partner=value`, for a partner the keys name.
fn split_entry<'a>(entry: &'a str, partners: &[PartnerKey]) -> Result<(&'a str, &'a str), String> {
    let (partner, value) = entry.split_once('=').ok_or("entries are partner=value")?;
    if !partners.iter().any(|key| key.partner_id == partner) {
        return Err(format!("{partner:?} is no partner of ONBOARD_PARTNER_KEYS"));
    }
    Ok((partner, value))
}

/// HTTPS, except to this machine (a partner's local receiver in development and tests).
fn webhook_url(value: &str) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|err| format!("{value:?} is no URL: {err}"))?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        _ => {
            return Err(format!(
                "{url} must be https (http only to 127.0.0.1 or localhost)"
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL must not carry credentials".into());
    }
    Ok(url)
}

/// A Standard Webhooks secret: `whsec_` and the base64 of at least 16 bytes.
fn check_secret(secret: &str) -> Result<(), String> {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .ok_or("must be whsec_ and base64")?;
    if key.len() < 16 {
        return Err("must hold at least 16 bytes".into());
    }
    Ok(())
}

/// Queues, in the caller's transaction and in one statement, the notification of each status
/// change whose partner has a webhook.
pub async fn enqueue_all(
    conn: &mut AnyConnection,
    notifier: &Notifier,
    changes: &[StatusRecord<'_>],
) -> Result<(), sqlx::Error> {
    let notified: Vec<&StatusRecord> = changes
        .iter()
        .filter(|change| notifier.webhook(change.partner_id).is_some())
        .collect();
    if notified.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO partner_notifications (id, partner_id, application_id, event_type, body, next_attempt_at, created_at)
         VALUES {}",
        db::placeholders(conn, notified.len(), 7)
    );
    let mut insert = db::multi_row(&sql, notified.len());
    for change in notified {
        let notification = PartnerNotification {
            kind: STATUS_CHANGED.to_owned(),
            timestamp: db::rfc3339(change.at),
            data: StatusChanged {
                application_id: change.application_id.clone(),
                status: change.status,
                external_ref: change.external_ref.map(str::to_owned),
                updated_at: db::rfc3339(change.at),
            },
        };
        insert = insert
            .bind(format!("msg_{}", hex::encode(rand::random::<[u8; 16]>())))
            .bind(change.partner_id)
            .bind(change.application_id.as_str())
            .bind(STATUS_CHANGED)
            .bind(serde_json::to_string(&notification).expect("plain data serializes"))
            .bind(change.at)
            .bind(change.at);
    }
    insert.execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_are_https_unless_local() {
        for good in [
            "https://partner.example/hooks",
            "http://127.0.0.1:9000/h",
            "http://localhost/h",
        ] {
            assert!(webhook_url(good).is_ok(), "{good}");
        }
        for bad in [
            "http://partner.example/hooks",
            "ftp://127.0.0.1/",
            "https://u:p@partner.example/",
            "partner",
        ] {
            assert!(webhook_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_are_standard_webhooks_secrets() {
        assert!(check_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_ok());
        for bad in [
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_!!",
            "whsec_c2hvcnQ=",
        ] {
            assert!(check_secret(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retries_back_off_from_the_configured_ceiling_up_to_six_hours() {
        let config = <Config as clap::Parser>::parse_from(["onboard-server"]);
        let backoff = Notifier::new(&config, &[]).unwrap().backoff;
        assert_eq!(backoff.ceiling(0), Duration::from_secs(30));
        assert_eq!(backoff.ceiling(3), Duration::from_secs(240));
        assert_eq!(backoff.ceiling(20), MAX_BACKOFF);
    }

    #[test]
    fn every_webhook_has_its_partner_and_secret() {
        let keys = [PartnerKey::parse("acme:key").unwrap()];
        let notifier = |settings: &[&str]| {
            let config =
                <Config as clap::Parser>::parse_from(["onboard-server"].iter().chain(settings));
            Notifier::new(&config, &keys)
        };
        let secret = "--partner-webhook-secrets=acme=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assert!(
            notifier(&["--partner-webhooks=acme=https://acme.example/h", secret])
                .unwrap()
                .webhook("acme")
                .is_some()
        );
        assert!(
            notifier(&["--partner-webhooks=acme=https://acme.example/h"]).is_err(),
            "no secret"
        );
        assert!(notifier(&[secret]).is_err(), "a secret without a webhook");
        assert!(
            notifier(&["--partner-webhooks=other=https://o.example/h", secret]).is_err(),
            "unknown partner"
        );
    }
}
