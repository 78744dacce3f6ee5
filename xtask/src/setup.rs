//! `cargo xtask setup`: checks every tool the other tasks need and installs what is missing
//! or at the wrong version. Idempotent; the other tasks run it first.

use std::{env, fs, path::Path, path::PathBuf, process::Command};

use anyhow::{bail, ensure, Context, Result};
use serde::Deserialize;

use crate::{cmd, nightly, Workspace};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn run(ws: &Workspace) -> Result<()> {
    println!("setup: checking the toolchain");
    let pins = Pins::read(ws)?;
    wasm_target()?;
    trunk()?;
    wasm_bindgen(&pins.wasm_bindgen)?;
    npm_tools(ws, &pins)?;
    browser()?;
    postgres()?;
    nightly::setup()?;
    cargo_fuzz()?;
    schemathesis(ws)?;
    println!("setup: all tools present");
    Ok(())
}

pub fn cargo_home() -> Result<PathBuf> {
    match env::var_os("CARGO_HOME") {
        Some(home) => Ok(home.into()),
        None => Ok(PathBuf::from(env::var_os("HOME").context("HOME is not set")?).join(".cargo")),
    }
}

fn ok(tool: &str, found: &str) {
    println!("  ok  {tool}: {found}");
}

fn installing(tool: &str, found: Option<&str>) {
    println!(
        "  ->  {tool}: found {}, installing",
        found.unwrap_or("nothing")
    );
}

/// Tool versions the build depends on, read from the files that pin them.
struct Pins {
    /// Cargo.lock's `wasm-bindgen`, which Trunk.toml must repeat.
    wasm_bindgen: String,
    /// Trunk.toml's `[tools] wasm_opt`, e.g. `version_132`.
    wasm_opt: String,
    /// tools/package.json's packages and their pinned versions: axe-core (the accessibility
    /// checker the end-to-end tests inject) and terser (the split build's minifier) among them.
    npm: std::collections::BTreeMap<String, String>,
}

impl Pins {
    fn read(ws: &Workspace) -> Result<Self> {
        #[derive(Deserialize)]
        struct Lock {
            package: Vec<Package>,
        }
        #[derive(Deserialize)]
        struct Package {
            name: String,
            version: String,
        }
        #[derive(Deserialize)]
        struct TrunkToml {
            tools: Tools,
        }
        #[derive(Deserialize)]
        struct Tools {
            wasm_bindgen: String,
            wasm_opt: String,
        }

        let lock: Lock = read_toml(&ws.root.join("Cargo.lock"))?;
        let mut versions = lock
            .package
            .into_iter()
            .filter(|p| p.name == "wasm-bindgen");
        let locked = versions
            .next()
            .context("Cargo.lock has no wasm-bindgen package")?;
        ensure!(
            versions.next().is_none(),
            "Cargo.lock holds several wasm-bindgen versions; wasm-bindgen-cli can match only one"
        );
        let trunk: TrunkToml = read_toml(&ws.root.join("Trunk.toml"))?;
        ensure!(
            trunk.tools.wasm_bindgen == locked.version,
            "Trunk.toml [tools] wasm_bindgen = {:?} but Cargo.lock has wasm-bindgen {}: make them equal",
            trunk.tools.wasm_bindgen,
            locked.version
        );
        let tools: NpmPackage = read_json(&ws.root.join("tools/package.json"))?;
        Ok(Self {
            wasm_bindgen: locked.version,
            wasm_opt: trunk.tools.wasm_opt,
            npm: tools.dependencies,
        })
    }
}

/// The parts of a `package.json` setup and the benches read: an installed package's version,
/// or a package directory's pinned dependencies.
#[derive(Deserialize)]
pub struct NpmPackage {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub dependencies: std::collections::BTreeMap<String, String>,
}

pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))
}

fn wasm_target() -> Result<()> {
    let installed = cmd::probe("rustup", &["target", "list", "--installed"])
        .context("`rustup target list --installed` failed: is rustup installed?")?;
    if installed.lines().any(|t| t.trim() == WASM_TARGET) {
        ok("rust target", WASM_TARGET);
        return Ok(());
    }
    installing(WASM_TARGET, None);
    cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result<()> {
    let is_wanted = |v: &Option<String>| v.as_deref().is_some_and(|v| v.starts_with("trunk 0.21."));
    let found = cmd::probe("trunk", &["--version"]);
    if is_wanted(&found) {
        ok("trunk", found.as_deref().unwrap_or_default());
        return Ok(());
    }
    installing("trunk 0.21", found.as_deref());
    let install = |locked: bool| {
        let mut cargo = Command::new("cargo");
        cargo.args(["install", "--force", "trunk", "--version", "~0.21"]);
        if locked {
            cargo.arg("--locked");
        }
        cargo
    };
    if let Err(err) = cmd::run(&mut install(true)) {
        println!("{err:#}; retrying without --locked");
        cmd::run(&mut install(false))?;
    }
    let found = cmd::probe("trunk", &["--version"]);
    ensure!(
        is_wanted(&found),
        "trunk 0.21 still not on PATH after install (found {found:?})"
    );
    Ok(())
}

fn wasm_bindgen(version: &str) -> Result<()> {
    // The first of the package's binaries that is missing or at another version, as found.
    let mismatch = || {
        ["wasm-bindgen", "wasm-bindgen-test-runner"]
            .into_iter()
            .map(|bin| (bin, cmd::probe(bin, &["--version"])))
            .find(|(bin, found)| found.as_deref() != Some(&format!("{bin} {version}")))
            .map(|(bin, found)| found.unwrap_or_else(|| format!("no {bin}")))
    };
    let Some(found) = mismatch() else {
        ok("wasm-bindgen-cli", version);
        return Ok(());
    };
    installing(&format!("wasm-bindgen-cli {version}"), Some(&found));
    // Not --locked: the lock file published with wasm-bindgen-cli does not build here.
    // --force: cargo skips a package it has recorded as installed, even with a binary gone.
    cmd::run(Command::new("cargo").args([
        "install",
        "--force",
        "wasm-bindgen-cli",
        "--version",
        version,
    ]))?;
    ensure!(
        mismatch().is_none(),
        "wasm-bindgen-cli {version} still not on PATH after install"
    );
    Ok(())
}

/// The tools npm installs into tools/node_modules (tools/package.json): wasm-opt from
/// `binaryen` for Trunk, terser for the split build, and `axe-core` for the end-to-end tests.
/// One `npm install` brings them all to their pins when any is missing or off.
fn npm_tools(ws: &Workspace, pins: &Pins) -> Result<()> {
    let wasm_opt = ws.tools_bin().join("wasm-opt");
    let wasm_opt_found = || cmd::probe(&wasm_opt.to_string_lossy(), &["--version"]);
    let wasm_opt_ok = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|v| v.contains(&format!("({})", pins.wasm_opt)))
    };
    let installed = |package: &str| {
        let manifest = format!("tools/node_modules/{package}/package.json");
        read_json::<NpmPackage>(&ws.root.join(manifest))
            .ok()
            .map(|package| package.version)
    };
    let off_pin = || {
        pins.npm
            .iter()
            .map(|(package, pin)| (package, pin, installed(package)))
            .filter(|(_, pin, now)| now.as_deref() != Some(pin.as_str()))
            .collect::<Vec<_>>()
    };
    let wasm_opt_now = wasm_opt_found();
    let stale = off_pin();
    if wasm_opt_ok(&wasm_opt_now) && stale.is_empty() {
        ok(
            "wasm-opt",
            &format!("{} (tools/node_modules)", pins.wasm_opt),
        );
        for (package, pin) in &pins.npm {
            ok(package, &format!("{pin} (tools/node_modules)"));
        }
        return Ok(());
    }
    if !wasm_opt_ok(&wasm_opt_now) {
        installing(
            &format!("wasm-opt {} (npm binaryen)", pins.wasm_opt),
            wasm_opt_now.as_deref(),
        );
    }
    for (package, pin, now) in &stale {
        installing(&format!("{package} {pin}"), now.as_deref());
    }
    let tools = ws.root.join("tools");
    cmd::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools),
    )?;
    let now = wasm_opt_found();
    ensure!(
        wasm_opt_ok(&now),
        "tools/package.json installs wasm-opt {now:?} but Trunk.toml [tools] wasm_opt wants {}",
        pins.wasm_opt
    );
    if let Some((package, pin, now)) = off_pin().first() {
        bail!("npm installed {package} {now:?} but tools/package.json pins {pin}");
    }
    Ok(())
}

fn cargo_fuzz() -> Result<()> {
    let is_wanted = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|v| v.starts_with("cargo-fuzz 0.13."))
    };
    let found = || cmd::probe("cargo", &["+nightly", "fuzz", "--version"]);
    let now = found();
    if is_wanted(&now) {
        ok("cargo-fuzz", now.as_deref().unwrap_or_default());
        return Ok(());
    }
    installing("cargo-fuzz 0.13", now.as_deref());
    cmd::run(Command::new("cargo").args([
        "install",
        "--force",
        "--locked",
        "cargo-fuzz",
        "--version",
        "~0.13",
    ]))?;
    let now = found();
    ensure!(
        is_wanted(&now),
        "cargo-fuzz 0.13 still not on PATH after install (found {now:?})"
    );
    Ok(())
}

fn browser() -> Result<()> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        ok("browser", &format!("{CHROMIUM}, {CHROMEDRIVER}"));
        return Ok(());
    }
    apt_install(&missing.join(", "), &["chromium", "chromium-driver"])
}

/// PostgreSQL's server programs, for the server's tests on PostgreSQL (each test binary starts
/// its own throwaway cluster with them). Debian keeps them in /usr/lib/postgresql/<version>/bin,
/// off PATH.
fn postgres() -> Result<()> {
    if env::var("ONBOARD_SKIP_POSTGRES").as_deref() == Ok("1") {
        ok("postgresql", "skipped (ONBOARD_SKIP_POSTGRES=1)");
        return Ok(());
    }
    let installed = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|version| version.path().join("bin"))
        .find(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file());
    if let Some(bin) = installed {
        ok("postgresql", &bin.display().to_string());
        return Ok(());
    }
    apt_install("initdb, pg_ctl", &["postgresql"])
}

/// Installs Debian packages, which needs root; otherwise says what to run.
pub fn apt_install(missing: &str, packages: &[&str]) -> Result<()> {
    let install = format!(
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y {}",
        packages.join(" ")
    );
    if cmd::probe("id", &["-u"]).as_deref() != Some("0") {
        bail!("missing {missing}; as root, run: {install}");
    }
    installing(&packages.join(", "), None);
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Where `cargo xtask setup` puts schemathesis: a virtual environment of its own, so that the
/// machine's Python packages neither break it nor are changed by it.
pub fn schemathesis_venv(ws: &Workspace) -> PathBuf {
    ws.root.join("tools/schemathesis-venv")
}

/// schemathesis, and every package under it, at tools/schemathesis/requirements.txt's pins.
fn schemathesis(ws: &Workspace) -> Result<()> {
    let requirements = ws.root.join("tools/schemathesis/requirements.txt");
    let pinned = fs::read_to_string(&requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?
        .lines()
        .find_map(|line| line.trim().strip_prefix("schemathesis=="))
        .map(str::to_owned)
        .with_context(|| format!("{} pins no schemathesis==", requirements.display()))?;
    let venv = schemathesis_venv(ws);
    let program = venv.join("bin/schemathesis");
    let found = || cmd::probe(&program.to_string_lossy(), &["--version"]);
    let is_wanted =
        |v: &Option<String>| v.as_deref() == Some(&format!("schemathesis, version {pinned}"));
    let now = found();
    if is_wanted(&now) {
        ok(
            "schemathesis",
            &format!("{pinned} (tools/schemathesis-venv)"),
        );
        return Ok(());
    }
    installing(&format!("schemathesis {pinned} (PyPI)"), now.as_deref());
    if !venv.join("bin/pip").is_file() {
        cmd::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    cmd::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    let now = found();
    ensure!(
        is_wanted(&now),
        "pip installed {now:?} but {} pins schemathesis {pinned}",
        requirements.display()
    );
    Ok(())
}
