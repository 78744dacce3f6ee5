//! The sandbox as its own process, for a bench that must tell the server's memory from the
//! providers': the sandbox keeps every application it is asked to create, as a real provider
//! stores them, so in-process it grows with every session minted.

use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use xtask::server_process::{
    build_for_bench, free_port, rss_kib, wait_until_answers, KilledOnDrop,
};
use xtask::Workspace;

/// The server's settings that point each provider at its sandbox prefix.
const PROVIDERS: [(&str, &str); 5] = [
    ("ONBOARD_PROVIDER_URL", "onboarding"),
    ("ONBOARD_OPENBANKING_URL", "openbanking"),
    ("ONBOARD_AML_URL", "aml"),
    ("ONBOARD_KYC_URL", "kyc"),
    ("ONBOARD_ISSUER_URL", "issuer"),
];

pub struct SandboxProcess {
    child: KilledOnDrop,
    port: u16,
}

impl SandboxProcess {
    /// Builds the sandbox (bench profile) and starts it on a free loopback port, with the
    /// demo's client credentials, which are also the server's defaults.
    pub fn start(ws: &Workspace) -> Result<Self> {
        let binary = build_for_bench(ws, "onboard-sandbox")?;
        let port = free_port()?;
        let child = Command::new(binary)
            .env("SANDBOX_BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("cannot start the sandbox")?;
        let sandbox = Self {
            child: KilledOnDrop(child),
            port,
        };
        // Its one route without credentials that answers 200.
        wait_until_answers(&format!("{}/faults", sandbox.url()))?;
        Ok(sandbox)
    }

    /// The server's settings for using this sandbox instead of its embedded one.
    pub fn server_settings(&self) -> Vec<(String, String)> {
        PROVIDERS
            .iter()
            .map(|(setting, prefix)| (setting.to_string(), format!("{}/{prefix}/", self.url())))
            .chain([
                ("ONBOARD_SANDBOX".into(), "false".into()),
                // This sandbox knows only the demo's client.
                ("ONBOARD_ALLOW_DEMO_CREDENTIALS".into(), "true".into()),
            ])
            .collect()
    }

    /// The process's resident memory now, in KiB.
    pub fn rss_kib(&self) -> Result<u64> {
        rss_kib(self.child.0.id())
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/sandbox", self.port)
    }
}
