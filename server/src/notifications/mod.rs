//! Partners are told of their applications' status changes at the webhook they configured,
//! signed the Standard Webhooks way with a secret of their own. A notification is written to
//! the outbox (`partner_notifications`) in the transaction of the change it tells of; the
//! delivery worker sends it from there.

mod delivery;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use protocol::api::partner::{PartnerNotification, StatusChanged, STATUS_CHANGED};
use protocol::backoff::PollSchedule;
use protocol::{ApplicationId, ApplicationStatus};
use sqlx::AnyConnection;
use url::Url;

pub use delivery::{deliver_due, spawn_worker};

use crate::partners::Partners;
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

/// How notifications are delivered, to the webhook each partner's settings name.
pub struct Notifier {
    partners: Arc<Partners>,
    http: reqwest::Client,
    attempts: u32,
    backoff: PollSchedule,
}

impl Notifier {
    pub fn new(config: &Config, partners: Arc<Partners>) -> anyhow::Result<Self> {
        let http = crate::providers::client_builder()
            // A partner's redirect could point our signed request anywhere; it counts as a failure.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let backoff = PollSchedule {
            initial: Duration::from_secs(config.partner_webhook_backoff_secs),
            max: MAX_BACKOFF,
        };
        Ok(Self {
            partners,
            http,
            attempts: config.partner_webhook_attempts.max(1),
            backoff,
        })
    }

    /// The partner's webhook as its settings have it now: a reload may have changed it since
    /// a notification was queued.
    fn webhook(&self, partner_id: &str) -> Option<PartnerWebhook> {
        self.partners.current().get(partner_id)?.webhook.clone()
    }
}

/// HTTPS, except to this machine (a partner's local receiver in development and tests).
pub(crate) fn webhook_url(value: &str) -> Result<Url, String> {
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
pub(crate) fn check_secret(secret: &str) -> Result<(), String> {
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
        let partners = Arc::new(Partners::load(&config).unwrap());
        let backoff = Notifier::new(&config, partners).unwrap().backoff;
        assert_eq!(backoff.ceiling(0), Duration::from_secs(30));
        assert_eq!(backoff.ceiling(3), Duration::from_secs(240));
        assert_eq!(backoff.ceiling(20), MAX_BACKOFF);
    }
}
