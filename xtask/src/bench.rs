//! `cargo xtask bench`: the widget's first-load bundle, raw and compressed, into BENCHMARKS.md.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{bail, Context, Result};
use flate2::{write::GzEncoder, Compression};
use time::{macros::format_description, OffsetDateTime};

use crate::{widget, Workspace};

/// Budget for everything a first visit downloads, gzip-compressed.
const GZIP_BUDGET: usize = 200_000;
/// File kinds a first visit downloads: the page, boot.js, the wasm-bindgen glue, wasm, styles.
const FIRST_LOAD: [&str; 4] = ["html", "js", "wasm", "css"];

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn run(ws: &Workspace) -> Result<()> {
    widget::build(ws)?;
    let dist = ws.dist();
    let mut rows = Vec::new();
    for path in first_load_files(&dist)? {
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.strip_prefix(&dist)?.to_string_lossy();
        rows.push((unhashed(&name), measure(&bytes)?));
    }
    let total = Sizes {
        raw: rows.iter().map(|(_, s)| s.raw).sum(),
        gzip: rows.iter().map(|(_, s)| s.gzip).sum(),
        brotli: rows.iter().map(|(_, s)| s.brotli).sum(),
    };

    let mut table = String::from("| File | Raw | gzip -9 | brotli q11 |\n|---|---:|---:|---:|\n");
    for (name, s) in rows
        .iter()
        .map(|(n, s)| (format!("`{n}`"), s))
        .chain([("**Total**".into(), &total)])
    {
        table += &format!(
            "| {name} | {} | {} | {} |\n",
            kb(s.raw),
            kb(s.gzip),
            kb(s.brotli)
        );
    }
    print!("\n{table}");

    let verdict = match total.gzip <= GZIP_BUDGET {
        true => "within",
        false => "OVER",
    };
    let report = format!(
        "# Benchmarks\n\n\
         ## Widget first-load bundle\n\n\
         What a first visit downloads from `dist/` (release build by Trunk, wasm-opt `-Oz`): \
         every `.html`, `.js`, `.wasm` and `.css` file (names without Trunk's content hash). \
         1 kB = 1000 bytes.\n\n\
         {table}\n\
         Budget: {} gzip in total; this build is {verdict} budget.\n\n\
         - Command: `cargo xtask bench`\n\
         - Machine: {}\n\
         - Date: {}\n\n\
         Fuzzing: executions, coverage and findings per target are in [FUZZING.md](FUZZING.md).\n",
        kb(GZIP_BUDGET),
        machine(),
        OffsetDateTime::now_utc().format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))?,
    );
    let out = ws.root.join("BENCHMARKS.md");
    fs::write(&out, report).with_context(|| format!("cannot write {}", out.display()))?;
    println!("wrote {}", out.display());

    if total.gzip > GZIP_BUDGET {
        bail!(
            "first load is {} gzip, over the {} budget",
            kb(total.gzip),
            kb(GZIP_BUDGET)
        );
    }
    Ok(())
}

fn first_load_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(first_load_files(&path)?);
        } else if path
            .extension()
            .is_some_and(|e| FIRST_LOAD.iter().any(|k| e == *k))
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// `app-0123456789abcdef_bg.wasm` -> `app_bg.wasm`: Trunk's file hashes make noisy diffs.
/// The hash is a u64 in hex without leading zeros, so it may be shorter than 16 digits.
fn unhashed(name: &str) -> String {
    match name.rsplit_once('-') {
        Some((stem, rest)) => {
            let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
            if (12..=16).contains(&digits) {
                format!("{stem}{}", &rest[digits..])
            } else {
                name.to_owned()
            }
        }
        None => name.to_owned(),
    }
}

fn measure(bytes: &[u8]) -> Result<Sizes> {
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(bytes)?;
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params)?;
    Ok(Sizes {
        raw: bytes.len(),
        gzip: gzip.finish()?.len(),
        brotli: brotli.len(),
    })
}

fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

/// Cores, CPU model and memory, from std and /proc.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let proc_field = |file: &str, key: &str| {
        fs::read_to_string(file).ok().and_then(|text| {
            text.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
    };
    let cpu = proc_field("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown CPU".into());
    let mem = proc_field("/proc/meminfo", "MemTotal")
        .and_then(|v| v.trim_end_matches(" kB").parse::<f64>().ok())
        .map_or("unknown".into(), |kib| {
            format!("{:.1} GiB", kib / 1024.0 / 1024.0)
        });
    format!("{cores} cores ({cpu}), {mem} RAM, {}", std::env::consts::OS)
}

#[cfg(test)]
mod tests {
    use super::unhashed;

    #[test]
    fn trunk_hashes_are_removed_whatever_their_length() {
        assert_eq!(unhashed("onboard-widget-98410f245e042342_bg.wasm"), "onboard-widget_bg.wasm");
        assert_eq!(unhashed("main-e5e36e4381f7282.css"), "main.css");
        assert_eq!(unhashed("boot.js"), "boot.js");
        assert_eq!(unhashed("onboard-widget.js"), "onboard-widget.js");
    }
}
