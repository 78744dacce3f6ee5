//! The partners of the single-partner environment variables: the keys of
//! `ONBOARD_PARTNER_KEYS` name them, and they share the redirect allowlist and embedding
//! origins; each has the webhook and secret of `ONBOARD_PARTNER_WEBHOOKS` and
//! `ONBOARD_PARTNER_WEBHOOK_SECRETS` given under its name.

use std::collections::HashMap;

use anyhow::{anyhow, bail};

use super::{PartnerSettings, Registry};
use crate::auth::PartnerKey;
use crate::notifications::{check_secret, webhook_url, PartnerWebhook};
use crate::Config;

pub fn read(config: &Config) -> anyhow::Result<Registry> {
    let keys: Vec<PartnerKey> = config
        .partner_keys
        .iter()
        .map(|entry| PartnerKey::parse(entry))
        .collect::<Result<_, _>>()
        .map_err(|err| anyhow!("ONBOARD_PARTNER_KEYS: {err}"))?;
    let mut webhooks = webhooks(config, &keys)?;
    let mut partners = HashMap::new();
    for key in &keys {
        let id = key.partner_id.clone();
        partners
            .entry(id.clone())
            .or_insert_with(|| PartnerSettings {
                webhook: webhooks.remove(&id),
                id,
                redirect_allowlist: config.redirect_allowlist().to_vec(),
                embed_origins: config.embed_origins(),
                hosted: None,
                default_locale: None,
                name: None,
                privacy_url: None,
                theme: None,
            });
    }
    Ok(Registry { keys, partners })
}

/// Checks the webhook settings against the partners the keys name; any mistake stops the
/// start, since a partner silently not notified is worse.
fn webhooks(
    config: &Config,
    keys: &[PartnerKey],
) -> anyhow::Result<HashMap<String, PartnerWebhook>> {
    let mut secrets = HashMap::new();
    for entry in &config.partner_webhook_secrets {
        let (partner, secret) = split_entry(entry, keys)
            .map_err(|err| anyhow!("ONBOARD_PARTNER_WEBHOOK_SECRETS: {err}"))?;
        check_secret(secret)
            .map_err(|err| anyhow!("ONBOARD_PARTNER_WEBHOOK_SECRETS: {partner}: {err}"))?;
        secrets.insert(partner.to_owned(), secret.to_owned());
    }
    let mut webhooks = HashMap::new();
    for entry in &config.partner_webhooks {
        let (partner, url) =
            split_entry(entry, keys).map_err(|err| anyhow!("ONBOARD_PARTNER_WEBHOOKS: {err}"))?;
        let url = webhook_url(url)
            .map_err(|err| anyhow!("ONBOARD_PARTNER_WEBHOOKS: {partner}: {err}"))?;
        let secret = secrets.remove(partner).ok_or_else(|| {
            anyhow!("ONBOARD_PARTNER_WEBHOOK_SECRETS has no secret for {partner}")
        })?;
        webhooks.insert(partner.to_owned(), PartnerWebhook { url, secret });
    }
    if let Some(partner) = secrets.keys().next() {
        bail!("ONBOARD_PARTNER_WEBHOOK_SECRETS: {partner} has a secret but no webhook");
    }
    Ok(webhooks)
}

/// `partner=value`, for a partner the keys name.
fn split_entry<'a>(entry: &'a str, keys: &[PartnerKey]) -> Result<(&'a str, &'a str), String> {
    let (partner, value) = entry.split_once('=').ok_or("entries are partner=value")?;
    if !keys.iter().any(|key| key.partner_id == partner) {
        return Err(format!("{partner:?} is no partner of ONBOARD_PARTNER_KEYS"));
    }
    Ok((partner, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_webhook_has_its_partner_and_secret() {
        let registry = |settings: &[&str]| {
            let config = <Config as clap::Parser>::parse_from(
                ["onboard-server", "--partner-keys=acme:key"]
                    .iter()
                    .chain(settings),
            );
            read(&config)
        };
        let secret = "--partner-webhook-secrets=acme=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let configured = registry(&["--partner-webhooks=acme=https://acme.example/h", secret]);
        assert!(configured.unwrap().get("acme").unwrap().webhook.is_some());
        assert!(
            registry(&["--partner-webhooks=acme=https://acme.example/h"]).is_err(),
            "no secret"
        );
        assert!(registry(&[secret]).is_err(), "a secret without a webhook");
        assert!(
            registry(&["--partner-webhooks=other=https://o.example/h", secret]).is_err(),
            "unknown partner"
        );
    }
}
