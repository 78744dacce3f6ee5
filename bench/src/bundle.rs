//! The widget's first-load bundle and the loader script, raw and compressed, against budgets.

use std::{collections::BTreeMap, fs, path::Path};

use anyhow::{Context, Result};
use xtask::{split, widget, Workspace};

use crate::{report, Section};

/// Budget for everything a first visit downloads, gzip-compressed.
const GZIP_BUDGET: usize = 200_000;
/// Budget for the loader partners include in their pages, gzip-compressed.
const LOADER_GZIP_BUDGET: usize = 5_000;
/// The loader, as the server embeds and sends it at `/onboard.js`.
const LOADER: &str = "server/assets/onboard.js";

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn run(ws: &Workspace) -> Result<Section> {
    widget::build(ws)?;
    let dist = ws.dist();
    let (mut rows, mut later) = (Vec::new(), Vec::new());
    for path in widget::served_files(&dist)? {
        let name = unhashed(&path.strip_prefix(&dist)?.to_string_lossy());
        let sizes = served_sizes(&path)?;
        match is_split_module(&name) {
            true => later.push((name, sizes)),
            false => rows.push((name, sizes)),
        }
    }
    let total = sum(rows.iter().map(|(_, s)| s));
    let fetched = fetched_at_start(ws)?;
    let mut pages = Vec::new();
    for (page, points) in PAGES_WITH_SPLIT_POINTS {
        // A pack two split points share is fetched once.
        let mut files: Vec<&String> = Vec::new();
        for point in points {
            let point_files = fetched.get(*point).with_context(|| {
                format!(
                    "the split hook's {} lists no `{point}`",
                    split::FETCHED_MANIFEST
                )
            })?;
            for file in point_files {
                if !files.contains(&file) {
                    files.push(file);
                }
            }
        }
        let extra = files
            .iter()
            .map(|file| served_sizes(&dist.join(file)))
            .collect::<Result<Vec<_>>>()?;
        let row = format!(
            "{page}: the total, and {} with the packs of shared code",
            points
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        pages.push((row, sum([&total].into_iter().chain(&extra))));
    }
    let loader_bytes =
        fs::read(ws.root.join(LOADER)).with_context(|| format!("cannot read {LOADER}"))?;
    let loader = Sizes {
        raw: loader_bytes.len(),
        gzip: widget::gzip(&loader_bytes)?.len(),
        brotli: widget::brotli(&loader_bytes)?.len(),
    };

    let table = size_table(
        rows.iter()
            .map(|(n, s)| (format!("`{n}`"), s))
            .chain([("**Total**".into(), &total)])
            .chain(pages.iter().map(|(row, s)| (row.clone(), s))),
    );
    let largest = pages
        .iter()
        .map(|(_, s)| s)
        .fold(&total, |a, b| if b.gzip > a.gzip { b } else { a });
    let later_table = size_table(later.iter().map(|(n, s)| (format!("`{n}`"), s)));
    let loader_table = size_table([("`onboard.js`".to_owned(), &loader)]);
    print!("\n{table}\n{later_table}\n{loader_table}");

    let verdict = |size, budget| match size <= budget {
        true => "within",
        false => "OVER",
    };
    let markdown = format!(
        "## Widget first-load bundle\n\n\
         What a first visit downloads from `dist/` (release build by Trunk, wasm-opt `-Oz`): \
         every `.html`, `.js`, `.wasm` and `.css` file but the split modules (names without Trunk's content hash), \
         measured as the server sends them: the `.gz` and `.br` files `cargo xtask build` writes \
         (Zopfli's gzip, brotli q11). 1 kB = 1000 bytes.\n\n\
         {table}\n\
         Budget: {} gzip for each page before its first step: the files above, and the split \
         modules it fetches at start with their packs of shared code (README, \"The split \
         build\"): every page the texts of its language, the framed page its framing code. The \
         hosted page is the one customers open on their phones. A partner's theme comes checked \
         with the session, no code of its own. This build is {} budget.\n\n\
         ## Split modules\n\n\
         The code split out of the main wasm, not part of the first load: README, \"The split \
         build\", says when each is fetched (ahead, when the browser is idle after the first \
         screen is interactive, where the flow can reach it; else on first use). The code \
         several split points share is in packs (`.bin`), each fetched with the first split \
         point that needs it (README, \"The split build\").\n\n\
         {later_table}\n\
         ## Loader\n\n\
         The script partners include (`{LOADER}`, served at `/onboard.js`).\n\n\
         {loader_table}\n\
         Budget: {} gzip; the loader is {} budget.\n\n\
         {}",
        kb(GZIP_BUDGET),
        verdict(largest.gzip, GZIP_BUDGET),
        kb(LOADER_GZIP_BUDGET),
        verdict(loader.gzip, LOADER_GZIP_BUDGET),
        report::provenance("cargo xtask bench --part bundle")?,
    );

    let mut missed = Vec::new();
    for (page, sizes) in [("main files".to_owned(), &total)]
        .into_iter()
        .chain(pages.iter().map(|(row, s)| (row.clone(), s)))
    {
        if sizes.gzip > GZIP_BUDGET {
            missed.push(format!(
                "first load of the {page} is {} gzip, over the {} budget",
                kb(sizes.gzip),
                kb(GZIP_BUDGET)
            ));
        }
    }
    if loader.gzip > LOADER_GZIP_BUDGET {
        missed.push(format!(
            "the loader is {} gzip, over the {} budget",
            kb(loader.gzip),
            kb(LOADER_GZIP_BUDGET)
        ));
    }
    Ok(Section { markdown, missed })
}

fn size_table<'a>(rows: impl IntoIterator<Item = (String, &'a Sizes)>) -> String {
    let mut table = String::from("| File | Raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    for (name, s) in rows {
        table += &format!(
            "| {name} | {} | {} | {} |\n",
            kb(s.raw),
            kb(s.gzip),
            kb(s.brotli)
        );
    }
    table
}

fn sum<'a>(sizes: impl IntoIterator<Item = &'a Sizes>) -> Sizes {
    sizes.into_iter().fold(
        Sizes {
            raw: 0,
            gzip: 0,
            brotli: 0,
        },
        |total, s| Sizes {
            raw: total.raw + s.raw,
            gzip: total.gzip + s.gzip,
            brotli: total.brotli + s.brotli,
        },
    )
}

/// The pages that fetch split modules before their first step, and those split points: the
/// framed page its framing code, every page the texts of its language (a hosted page those of
/// the browser's too, when the session's differs; a framed page waits for the session's).
const PAGES_WITH_SPLIT_POINTS: [(&str, &[&str]); 9] = [
    ("Hosted page in English", &["english"]),
    ("Hosted page in Swedish", &["swedish"]),
    ("Hosted page in Norwegian", &["norwegian"]),
    ("Hosted page in German", &["german"]),
    (
        "Hosted page of a session in German, opened in an English browser",
        &["english", "german"],
    ),
    ("Framed page in English", &["framed_widget", "english"]),
    ("Framed page in Swedish", &["framed_widget", "swedish"]),
    ("Framed page in Norwegian", &["framed_widget", "norwegian"]),
    ("Framed page in German", &["framed_widget", "german"]),
];

/// The served files each split point fetches (its module and the packs of shared code it
/// needs), as the split hook recorded them.
fn fetched_at_start(ws: &Workspace) -> Result<BTreeMap<String, Vec<String>>> {
    let manifest = ws
        .target_dir()
        .join("wasm-split")
        .join(split::FETCHED_MANIFEST);
    serde_json::from_str(
        &fs::read_to_string(&manifest)
            .with_context(|| format!("cannot read {}", manifest.display()))?,
    )
    .with_context(|| format!("cannot parse {}", manifest.display()))
}

/// The file and the precompressed copies `cargo xtask build` wrote next to it.
fn served_sizes(path: &Path) -> Result<Sizes> {
    let size = |suffix: &str| {
        let file = format!("{}{suffix}", path.display());
        fs::metadata(&file)
            .map(|m| m.len() as usize)
            .with_context(|| format!("cannot stat {file}"))
    };
    Ok(Sizes {
        raw: size("")?,
        gzip: size(".gz")?,
        brotli: size(".br")?,
    })
}

/// The split build's modules other than the main one (`onboard-widget_bg.wasm`), and the packs
/// of their shared code, which the page does not load at start.
fn is_split_module(name: &str) -> bool {
    (name.ends_with(".wasm") && !name.ends_with("_bg.wasm")) || name.ends_with(".bin")
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

fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::unhashed;

    #[test]
    fn trunk_hashes_are_removed_whatever_their_length() {
        assert_eq!(
            unhashed("onboard-widget-98410f245e042342_bg.wasm"),
            "onboard-widget_bg.wasm"
        );
        assert_eq!(unhashed("main-e5e36e4381f7282.css"), "main.css");
        assert_eq!(unhashed("boot.js"), "boot.js");
        assert_eq!(unhashed("onboard-widget.js"), "onboard-widget.js");
    }
}
