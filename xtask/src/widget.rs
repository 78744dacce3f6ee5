//! `cargo xtask build`: the widget, built by Trunk into dist/, with a brotli and a gzip copy of
//! each file a browser loads for the server to send.

use std::{
    fs,
    io::Write,
    num::NonZeroU64,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{ensure, Context, Result};
use flate2::{write::GzEncoder, Compression};
use rayon::prelude::*;

use crate::{cmd, nightly, Workspace};

/// File kinds a browser loads from dist/: the page, boot.js, the wasm-bindgen glue, wasm, styles,
/// and the packs of the split modules' shared code.
const SERVED: [&str; 5] = ["html", "js", "wasm", "css", "bin"];

/// `trunk build --release` from the workspace root (Trunk.toml holds the settings).
pub fn build(ws: &Workspace) -> Result<()> {
    let mut trunk = Command::new("trunk");
    trunk.args(["build", "--release"]).current_dir(&ws.root);
    cmd::run(nightly::build_release_wasm(&mut trunk))?;
    check_no_inline_script(ws)?;
    precompress(&ws.dist())
}

/// Writes `<file>.br` and `<file>.gz` next to every served file, at the codecs' best settings
/// (Zopfli for gzip):
/// done once here, where the server would pay for it on every request.
fn precompress(dist: &Path) -> Result<()> {
    let files = served_files(dist)?;
    // A file at a time on each core: Zopfli and brotli's best are slow, and single-threaded.
    files.par_iter().try_for_each(|path| -> Result<()> {
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        for (suffix, compressed) in [("br", brotli(&bytes)?), ("gz", zopfli_gzip(&bytes)?)] {
            let out = PathBuf::from(format!("{}.{suffix}", path.display()));
            fs::write(&out, compressed)
                .with_context(|| format!("cannot write {}", out.display()))?;
        }
        Ok(())
    })?;
    println!("build: {} files precompressed (brotli, gzip)", files.len());
    Ok(())
}

/// Every file under `dir` a browser loads, sorted.
pub fn served_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(served_files(&path)?);
        } else if path
            .extension()
            .is_some_and(|e| SERVED.iter().any(|k| e == *k))
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Zopfli's gzip: slow to make, read as any gzip. Worth it for files made once and sent often.
fn zopfli_gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    // 3 passes, not the default 15: within 0.1 % of its size on the main wasm, in a fifth of
    // the time.
    let options = zopfli::Options {
        iteration_count: NonZeroU64::new(3).expect("3 is not zero"),
        ..Default::default()
    };
    let mut gzip = Vec::new();
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut gzip)?;
    Ok(gzip)
}

/// zlib's best gzip: what a server compressing as it sends can do at most.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(bytes)?;
    Ok(gzip.finish()?)
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params)?;
    Ok(brotli)
}

/// The server's Content-Security-Policy blocks inline scripts, so the page must have none.
fn check_no_inline_script(ws: &Workspace) -> Result<()> {
    let page = ws.dist().join("index.html");
    let html =
        fs::read_to_string(&page).with_context(|| format!("cannot read {}", page.display()))?;
    let lower = html.to_ascii_lowercase();
    let inline: Vec<&str> = lower
        .match_indices("<script")
        .map(|(at, _)| {
            &lower[at..lower[at..]
                .find('>')
                .map_or(lower.len(), |end| at + end + 1)]
        })
        .filter(|tag| {
            !tag.split_ascii_whitespace()
                .any(|attr| attr.starts_with("src="))
        })
        .collect();
    ensure!(
        inline.is_empty(),
        "{} has inline scripts, which the CSP blocks: {inline:?}",
        page.display()
    );
    println!("build: {} has no inline script", page.display());
    Ok(())
}
