//! The partners this deployment serves, each with settings of its own: its API keys, where its
//! sessions may send the browser back, the origins whose pages may frame its sessions, the
//! workflows its public link starts, its webhook and its default locale. Every check takes the
//! settings of the session's own partner, so that one partner's never serve another's sessions.
//!
//! They come from a TOML file (`ONBOARD_PARTNERS_FILE`, see [`file`]), read again on SIGHUP;
//! or, for the simplest deployment and the demo, from the single-partner environment variables
//! ([`env`]). Onboard's own public link and demo page have a partner of their own,
//! [`HOSTED_PARTNER`], set by environment variables in both cases.

mod env;
mod file;
pub mod redirects;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use protocol::api::ThemeStyle;
use url::Url;

use crate::auth::{PartnerKey, HOSTED_PARTNER};
use crate::notifications::PartnerWebhook;
use crate::Config;

/// One partner's settings.
#[derive(Debug)]
pub struct PartnerSettings {
    pub id: String,
    /// A session's `redirectUrl` must fall under one of these.
    pub redirect_allowlist: Vec<Url>,
    /// Origins (`scheme://host[:port]`) whose pages may frame this partner's sessions.
    pub embed_origins: Vec<String>,
    /// What its public link `/start/{partner}/{workflowId}` may start, if it has one.
    pub hosted: Option<HostedLink>,
    pub webhook: Option<PartnerWebhook>,
    /// The language of a session minted without one.
    pub default_locale: Option<String>,
    /// Its name as its customers know it: the consent screen says whom the bank's data goes to.
    pub name: Option<String>,
    /// Where it says how it uses the data, linked from the consent screen.
    pub privacy_url: Option<Url>,
    /// Its brand, for the widget unless the framing page passes one.
    pub theme: Option<ThemeStyle>,
}

/// A partner's public link: the workflows it starts, and where their sessions end.
#[derive(Debug)]
pub struct HostedLink {
    pub workflows: Vec<String>,
    pub return_url: Url,
}

impl PartnerSettings {
    /// Whether a page of `origin` may frame this partner's sessions.
    pub fn embeds_on(&self, origin: &str) -> bool {
        self.embed_origins.iter().any(|allowed| allowed == origin)
    }
}

/// Every partner, and the keys they are known by.
#[derive(Debug)]
pub struct Registry {
    keys: Vec<PartnerKey>,
    partners: HashMap<String, PartnerSettings>,
}

impl Registry {
    /// The partner a key's SHA-256 (hex) belongs to.
    pub fn partner_of_key(&self, hash: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|key| key.hash == hash)
            .map(|key| key.partner_id.as_str())
    }

    pub fn get(&self, partner_id: &str) -> Option<&PartnerSettings> {
        self.partners.get(partner_id)
    }

    pub fn keys(&self) -> &[PartnerKey] {
        &self.keys
    }

    /// Whether any partner's sessions may be framed by a page of `origin`: the `/embed` page's
    /// question, asked before it knows whose session it will show (the claim checks that).
    pub fn embeds_anywhere(&self, origin: &str) -> bool {
        self.partners
            .values()
            .any(|partner| partner.embeds_on(origin))
    }

    /// Onboard's own partner, for the public link and the demo page: its origin, and the
    /// embedding origins configured, may frame its sessions.
    fn hosted_partner(config: &Config) -> PartnerSettings {
        let return_url = config
            .public_url()
            .join("demo")
            .expect("relative path joins");
        PartnerSettings {
            id: HOSTED_PARTNER.to_owned(),
            redirect_allowlist: vec![return_url.clone()],
            embed_origins: config.embed_origins(),
            hosted: Some(HostedLink {
                workflows: config.hosted_workflows.clone(),
                return_url,
            }),
            webhook: None,
            default_locale: None,
            // The demo page plays this partner.
            name: config.demo().then(|| "Fintech Partner".to_owned()),
            privacy_url: None,
            theme: None,
        }
    }

    fn with_hosted_partner(mut self, config: &Config) -> Self {
        let hosted = Self::hosted_partner(config);
        self.partners.insert(hosted.id.clone(), hosted);
        self
    }
}

/// The registry in use, replaced whole when the file is read again: a request holds the one
/// it started with.
pub struct Partners {
    current: RwLock<Arc<Registry>>,
    file: Option<PathBuf>,
}

impl Partners {
    /// The partners of the configuration; any mistake stops the start, naming the setting (and
    /// the file's line).
    pub fn load(config: &Config) -> anyhow::Result<Self> {
        let registry = read(config)?;
        Ok(Self {
            current: RwLock::new(Arc::new(registry)),
            file: config.partners_file.clone(),
        })
    }

    pub fn current(&self) -> Arc<Registry> {
        self.current.read().expect("partners lock").clone()
    }

    /// Reads the partners file again (SIGHUP). A file with a mistake changes nothing: the error
    /// says what to fix, and the partners in use stay. Sessions live in the database, so none
    /// is dropped.
    pub fn reload(&self, config: &Config) -> anyhow::Result<()> {
        if self.file.is_none() {
            anyhow::bail!("no ONBOARD_PARTNERS_FILE: the partners come from the environment");
        }
        let registry = read(config)?;
        *self.current.write().expect("partners lock") = Arc::new(registry);
        Ok(())
    }
}

fn read(config: &Config) -> anyhow::Result<Registry> {
    let registry = match &config.partners_file {
        Some(path) => file::read(path, config)?,
        None => env::read(config)?,
    };
    Ok(registry.with_hosted_partner(config))
}
