//! The partners file (`ONBOARD_PARTNERS_FILE`), TOML, one table per partner:
//!
//! ```toml
//! [partners.acme]
//! keys = ["sha256:<64 hex digits>"]         # or the key itself, for a demo
//! redirect_allowlist = ["https://acme.example/onboarding/"]
//! embed_origins = ["https://app.acme.example"]
//! hosted_workflows = ["kyc-demo"]           # its public link /start/acme/{workflowId}
//! hosted_return_url = "https://acme.example/onboarding/done"
//! default_locale = "sv"
//! name = "Acme Bank"                       # whom the customer shares bank data with
//! privacy_url = "https://acme.example/privacy"
//! webhook = { url = "https://acme.example/hooks/onboard", secret = "whsec_<base64>" }
//! theme = { colorScheme = "light", colors = { primary = "#0a7f5a" }, radius = "8px" }
//! ```
//!
//! Checked whole before anything is used: an unknown key, a URL that is no URL (or not
//! https), a key given twice, a webhook secret too short or shared: the file is refused, and
//! the error names the file's line.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use anyhow::{anyhow, bail, Context};
use protocol::api::{PartnerTheme, ThemeStyle, THEME_COLORS};
use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::redirects::check_redirect;
use super::{HostedLink, PartnerSettings, Registry};
use crate::auth::PartnerKey;
use crate::minting::{is_locale_tag, is_workflow_id};
use crate::notifications::{check_secret, webhook_url, PartnerWebhook};
use crate::Config;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnersFile {
    partners: BTreeMap<String, Spanned<PartnerEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerEntry {
    keys: Vec<Spanned<String>>,
    redirect_allowlist: Vec<Spanned<String>>,
    #[serde(default)]
    embed_origins: Vec<Spanned<String>>,
    #[serde(default)]
    hosted_workflows: Vec<Spanned<String>>,
    hosted_return_url: Option<Spanned<String>>,
    default_locale: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    privacy_url: Option<Spanned<String>>,
    webhook: Option<WebhookEntry>,
    theme: Option<Spanned<PartnerTheme>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookEntry {
    url: Spanned<String>,
    secret: Spanned<String>,
}

pub fn read(path: &Path, config: &Config) -> anyhow::Result<Registry> {
    if let Some(setting) = partner_settings_in_environment(config) {
        bail!("{setting} is set, and so is ONBOARD_PARTNERS_FILE: give the partners in the file");
    }
    let source = std::fs::read_to_string(path)
        .with_context(|| format!("ONBOARD_PARTNERS_FILE: cannot read {}", path.display()))?;
    parse(&source).map_err(|err| anyhow!("{}: {err}", path.display()))
}

/// The single-partner settings, which a file replaces: set beside one, they would be ignored.
fn partner_settings_in_environment(config: &Config) -> Option<&'static str> {
    if config.partner_keys != [crate::config::DEMO_PARTNER_KEY] {
        Some("ONBOARD_PARTNER_KEYS")
    } else if !config.partner_webhooks.is_empty() {
        Some("ONBOARD_PARTNER_WEBHOOKS")
    } else if !config.partner_webhook_secrets.is_empty() {
        Some("ONBOARD_PARTNER_WEBHOOK_SECRETS")
    } else if !config.redirect_allowlist.is_empty() {
        Some("ONBOARD_REDIRECT_ALLOWLIST")
    } else {
        None
    }
}

/// A mistake, at a place in the file.
struct Mistake {
    span: Range<usize>,
    message: String,
}

fn mistake<T>(span: Range<usize>, message: impl Into<String>) -> Result<T, Mistake> {
    Err(Mistake {
        span,
        message: message.into(),
    })
}

fn parse(source: &str) -> Result<Registry, String> {
    // toml's own errors name the line and column already.
    let file: PartnersFile = toml::from_str(source).map_err(|err| err.to_string())?;
    let line =
        |span: &Range<usize>| source[..span.start.min(source.len())].matches('\n').count() + 1;
    let mut registry = Registry {
        keys: Vec::new(),
        partners: HashMap::new(),
    };
    let mut secrets = HashSet::new();
    for (id, entry) in &file.partners {
        partner(id, entry, &mut registry, &mut secrets)
            .map_err(|m| format!("line {}: partner {id}: {}", line(&m.span), m.message))?;
    }
    Ok(registry)
}

/// Checks one partner's table and adds it to the registry.
fn partner(
    id: &str,
    entry: &Spanned<PartnerEntry>,
    registry: &mut Registry,
    secrets: &mut HashSet<String>,
) -> Result<(), Mistake> {
    let table = entry.span();
    let entry = entry.get_ref();
    if entry.keys.is_empty() {
        return mistake(table, "has no keys");
    }
    for key in &entry.keys {
        let parsed = PartnerKey::parse(&format!("{id}:{}", key.get_ref()))
            .or_else(|err| mistake(key.span(), err))?;
        if registry.partner_of_key(&parsed.hash).is_some() {
            return mistake(
                key.span(),
                "a key given twice (for this partner or another)",
            );
        }
        registry.keys.push(parsed);
    }
    if entry.redirect_allowlist.is_empty() {
        return mistake(
            table,
            "has no redirect_allowlist: its sessions could end nowhere",
        );
    }
    let redirect_allowlist = entry
        .redirect_allowlist
        .iter()
        .map(page_url)
        .collect::<Result<Vec<_>, _>>()?;
    let embed_origins = entry
        .embed_origins
        .iter()
        .map(origin)
        .collect::<Result<Vec<_>, _>>()?;
    let hosted = hosted_link(entry, &redirect_allowlist, table)?;
    let webhook = entry
        .webhook
        .as_ref()
        .map(|webhook| {
            let url = webhook_url(webhook.url.get_ref())
                .or_else(|err| mistake(webhook.url.span(), err))?;
            let secret = webhook.secret.get_ref();
            check_secret(secret).or_else(|err| mistake(webhook.secret.span(), err))?;
            if !secrets.insert(secret.clone()) {
                return mistake(
                    webhook.secret.span(),
                    "another partner has this webhook secret",
                );
            }
            Ok(PartnerWebhook {
                url,
                secret: secret.clone(),
            })
        })
        .transpose()?;
    let default_locale = entry
        .default_locale
        .as_ref()
        .map(|locale| match is_locale_tag(locale.get_ref()) {
            true => Ok(locale.get_ref().clone()),
            false => mistake(
                locale.span(),
                "default_locale must look like 'sv' or 'sv-SE'",
            ),
        })
        .transpose()?;
    let name = entry
        .name
        .as_ref()
        .map(|name| match is_display_name(name.get_ref()) {
            true => Ok(name.get_ref().trim().to_owned()),
            false => mistake(
                name.span(),
                "name must be 1 to 80 characters, none of them a control character",
            ),
        })
        .transpose()?;
    let privacy_url = entry.privacy_url.as_ref().map(page_url).transpose()?;
    let theme = entry.theme.as_ref().map(theme).transpose()?;
    registry.partners.insert(
        id.to_owned(),
        PartnerSettings {
            id: id.to_owned(),
            redirect_allowlist,
            embed_origins,
            hosted,
            webhook,
            default_locale,
            name,
            privacy_url,
            theme,
        },
    );
    Ok(())
}

/// A name the customer reads on the consent screen.
fn is_display_name(name: &str) -> bool {
    let name = name.trim();
    (1..=80).contains(&name.chars().count()) && !name.chars().any(char::is_control)
}

/// The theme, checked as a page's is (`protocol::theme`), but with no value dropped: a
/// partner's settings name only keys and values the widget takes.
fn theme(theme: &Spanned<PartnerTheme>) -> Result<ThemeStyle, Mistake> {
    let colors = theme.get_ref().colors.iter().flatten();
    if let Some((name, _)) = colors
        .clone()
        .find(|(name, _)| !THEME_COLORS.contains(&name.as_str()))
    {
        return mistake(
            theme.span(),
            format!(
                "theme colour {name:?} is none of {}",
                THEME_COLORS.join(", ")
            ),
        );
    }
    let style = theme.get_ref().style();
    if !style.rejected.is_empty() {
        return mistake(
            theme.span(),
            format!(
                "theme value of {} is not one the widget takes (colours as #rrggbb, rgb(), hsl() or a basic name; lengths in px, rem or em; font names only)",
                style.rejected.join(", ")
            ),
        );
    }
    Ok(style)
}

/// The public link's workflows and where they end, which its allowlist must admit.
fn hosted_link(
    entry: &PartnerEntry,
    allowlist: &[Url],
    table: Range<usize>,
) -> Result<Option<HostedLink>, Mistake> {
    let return_url = match (&entry.hosted_workflows[..], &entry.hosted_return_url) {
        ([], None) => return Ok(None),
        ([], Some(url)) => {
            return mistake(url.span(), "hosted_return_url without hosted_workflows")
        }
        (_, None) => return mistake(table, "hosted_workflows need a hosted_return_url"),
        (_, Some(url)) => url,
    };
    if check_redirect(allowlist, return_url.get_ref()).is_err() {
        return mistake(
            return_url.span(),
            "hosted_return_url is not on the partner's redirect_allowlist",
        );
    }
    let workflows = entry
        .hosted_workflows
        .iter()
        .map(|workflow| match is_workflow_id(workflow.get_ref()) {
            true => Ok(workflow.get_ref().clone()),
            false => mistake(workflow.span(), "not a workflow id"),
        })
        .collect::<Result<_, _>>()?;
    Ok(Some(HostedLink {
        workflows,
        return_url: page_url(return_url)?,
    }))
}

/// A partner's page: https (http only on this machine), no credentials.
fn page_url(value: &Spanned<String>) -> Result<Url, Mistake> {
    webhook_url(value.get_ref()).or_else(|err| mistake(value.span(), err))
}

/// `scheme://host[:port]`, nothing more.
fn origin(value: &Spanned<String>) -> Result<String, Mistake> {
    let url = page_url(value)?;
    let origin = url.origin().ascii_serialization();
    if value.get_ref().trim_end_matches('/') != origin {
        return mistake(
            value.span(),
            format!("an origin is scheme://host[:port] only ({origin})"),
        );
    }
    Ok(origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::api::ThemeProperty;

    const SECRET_A: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const SECRET_B: &str = "whsec_b3RoZXIgcGFydG5lcidzIGtleQ==";

    fn two_partners() -> String {
        format!(
            r##"
[partners.acme]
keys = ["acme-key"]
redirect_allowlist = ["https://acme.example/onboarding/"]
embed_origins = ["https://app.acme.example"]
hosted_workflows = ["kyc-demo"]
hosted_return_url = "https://acme.example/onboarding/done"
default_locale = "sv"
webhook = {{ url = "https://acme.example/hooks", secret = "{SECRET_A}" }}
theme = {{ colorScheme = "light", colors = {{ primary = "#0a7f5a" }}, radius = "8px" }}

[partners.globex]
keys = ["sha256:{}"]
redirect_allowlist = ["https://globex.example/"]
webhook = {{ url = "https://globex.example/hooks", secret = "{SECRET_B}" }}
name = " Globex Bank "
privacy_url = "https://globex.example/privacy"
"##,
            crate::auth::token_hash("globex-key")
        )
    }

    #[test]
    fn two_partners_each_with_their_own_settings() {
        let registry = parse(&two_partners()).unwrap();
        let acme = registry.get("acme").unwrap();
        assert_eq!(
            registry.partner_of_key(&crate::auth::token_hash("acme-key")),
            Some("acme")
        );
        assert_eq!(
            registry.partner_of_key(&crate::auth::token_hash("globex-key")),
            Some("globex")
        );
        assert!(acme.embeds_on("https://app.acme.example"));
        assert!(!registry
            .get("globex")
            .unwrap()
            .embeds_on("https://app.acme.example"));
        assert_eq!(acme.hosted.as_ref().unwrap().workflows, ["kyc-demo"]);
        assert_eq!(acme.default_locale.as_deref(), Some("sv"));
        let radius = ThemeProperty {
            name: "--onboard-radius".into(),
            value: "8px".into(),
        };
        assert!(acme.theme.as_ref().unwrap().properties.contains(&radius));
        let globex = registry.get("globex").unwrap();
        assert!(globex.hosted.is_none());
        assert_eq!(globex.name.as_deref(), Some("Globex Bank"));
        assert_eq!(
            globex.privacy_url.as_ref().map(Url::as_str),
            Some("https://globex.example/privacy")
        );
        assert_eq!(acme.name, None);
    }

    /// The error for the file with `from` replaced by `to`, which must name `line`.
    fn refused(from: &str, to: &str, line: usize, says: &str) {
        let source = two_partners().replacen(from, to, 1);
        assert_ne!(source, two_partners(), "{from} is in the file");
        let error = parse(&source).expect_err(to);
        assert!(
            error.contains(&format!("line {line}")) && error.contains(says),
            "{to}: {error}"
        );
    }

    #[test]
    fn a_mistake_is_refused_naming_its_line() {
        refused("default_locale", "default_language", 8, "unknown field");
        refused(
            "https://acme.example/onboarding/\"",
            "acme.example\"",
            4,
            "no URL",
        );
        refused("http", "ftp", 4, "must be https");
        refused(
            "\"acme-key\"",
            "\"acme-key\", \"acme-key\"",
            3,
            "given twice",
        );
        let globex_key = format!("sha256:{}", crate::auth::token_hash("globex-key"));
        refused(&globex_key, "acme-key", 13, "given twice");
        refused(SECRET_B, "whsec_c2hvcnQ=", 15, "at least 16 bytes");
        refused(SECRET_B, SECRET_A, 15, "another partner");
        refused("primary =", "brand =", 10, "theme colour \"brand\"");
        refused("radius", "corner", 10, "unknown field");
        refused("\"8px\"", "\"8vh\"", 10, "theme value of radius");
        refused("#0a7f5a", "url(x)", 10, "theme value of colors.primary");
        refused(
            "https://app.acme.example",
            "https://app.acme.example/app",
            5,
            "origin",
        );
        refused(
            "https://acme.example/onboarding/done",
            "https://evil.example/",
            7,
            "not on the partner's redirect_allowlist",
        );
        refused("[partners.acme]", "[partners.hosted]", 3, "reserved");
        refused("\"sv\"", "\"swedish\"", 8, "default_locale");
        refused("\" Globex Bank \"", "\"  \"", 16, "name must be");
        refused(
            "\" Globex Bank \"",
            "\"Globex\\u0007\"",
            16,
            "control character",
        );
        refused(
            "https://globex.example/privacy",
            "globex.example/privacy",
            17,
            "no URL",
        );
    }
}
