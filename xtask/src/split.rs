//! `cargo xtask split-wasm`, Trunk's post_build hook (Trunk.toml): cuts the widget's wasm at its
//! `split_point!` split points, so the first load carries only the main module, and puts the result
//! in place of Trunk's unsplit wasm and glue in the staged page (README, "The split build").
//!
//! Trunk cannot split (trunk-rs/trunk#1022) but stages the page before this hook and swaps it
//! into dist/ after. The steps are cargo-leptos's `--split`: split the linked wasm (its
//! relocations, kept by build.rs, say what refers to what), wasm-bindgen the main module,
//! wasm-opt every module; then content-hash the names as Trunk does and point the page at them.

use std::{
    env, fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use anyhow::{ensure, Context, Result};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Parser, Payload};

use crate::{cmd, Workspace};

mod packs;
mod unused_classes;

/// What the split hook leaves in the work directory for the bundle bench: each split point's
/// served files (its module, the packs of shared code it needs).
pub const FETCHED_MANIFEST: &str = "fetched.json";

/// The cargo binary Trunk builds (index.html `data-bin`), and the stem of every name here.
const BIN: &str = "onboard-widget";
/// What the split modules' loader imports the main module's glue as, until it has its name.
const GLUE_PLACEHOLDER: &str = "./onboard-widget.js";
/// What the main module imports the split modules' loader as, until it has its name.
const LOADER_PLACEHOLDER: &str = "./onboard-widget-loader.js";

pub fn run(ws: &Workspace) -> Result<()> {
    let staging = PathBuf::from(env::var_os("TRUNK_STAGING_DIR").context(
        "split-wasm is Trunk's post_build hook (Trunk.toml): run `cargo xtask build` instead",
    )?);
    let release = env::var("TRUNK_PROFILE").is_ok_and(|profile| profile == "release");
    let target = ws.target_dir();
    let linked = target
        .join("wasm32-unknown-unknown")
        .join(if release { "release" } else { "debug" })
        .join(format!("{BIN}.wasm"));
    let work = target.join("wasm-split");
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }
    let split = split(&linked, &work)?;
    bindgen(&work)?;
    let main_wasm = work.join(format!("{BIN}_bg.wasm"));
    let glue = work.join(format!("{BIN}.js"));
    unused_classes::drop_unused_classes(&main_wasm, &glue)?;
    shorten_imports(&main_wasm, &glue)?;
    if release {
        for module in split.iter().chain([&main_wasm]) {
            optimize(module)?;
        }
    }
    place(&staging, &work, &main_wasm, &split, release)
}

/// Splits `linked` into `work`: the main module (`main.wasm`, for wasm-bindgen), one module per
/// split point or code they share, and the JavaScript that loads those.
fn split(linked: &Path, work: &Path) -> Result<Vec<PathBuf>> {
    let input = fs::read(linked).with_context(|| format!("cannot read {}", linked.display()))?;
    let main_out = work.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = work;
    options.main_out_path = &main_out;
    options.main_module = GLUE_PLACEHOLDER;
    options.link_name = LOADER_PLACEHOLDER;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|error| anyhow::anyhow!("wasm-split of {}: {error:?}", linked.display()))?;
    println!("split-wasm: {} split module(s)", split.split_modules.len());
    Ok(split.split_modules)
}

/// wasm-bindgen as Trunk runs it, keeping the exports the split modules import.
fn bindgen(work: &Path) -> Result<()> {
    cmd::run(Command::new("wasm-bindgen").args([
        "--target=web",
        "--no-typescript",
        "--keep-lld-exports",
        &format!("--out-name={BIN}"),
        &format!("--out-dir={}", work.display()),
        &work.join("main.wasm").display().to_string(),
    ]))
}

/// Renames the main module's imports from its glue (`__wbg_body_5f971cbc6950ca4f` and two
/// hundred more) to short names, in the wasm and in the glue alike. Their hashes are most of
/// the import section and gzip cannot shrink them: about 7 kB gzip of the first load.
fn shorten_imports(wasm: &Path, glue: &Path) -> Result<()> {
    let mut js = fs::read_to_string(glue)?;
    let mut renamed = 0;
    let module = rewrite_sections(&fs::read(wasm)?, |payload, module| {
        let Payload::ImportSection(reader) = payload else {
            return Ok(false);
        };
        let mut imports = wasm_encoder::ImportSection::new();
        for import in reader.clone().into_imports() {
            let import = import?;
            let ty = RoundtripReencoder
                .entity_type(import.ty)
                .map_err(|error| anyhow::anyhow!("import {}: {error:?}", import.name))?;
            let key = format!("{}: function", import.name);
            let name = if import.module == GLUE_MODULE && js.matches(&key).count() == 1 {
                let short = short_name(renamed);
                renamed += 1;
                js = js.replace(&key, &format!("{short}: function"));
                short
            } else {
                import.name.to_owned()
            };
            imports.import(import.module, &name, ty);
        }
        module.section(&imports);
        Ok(true)
    })?;
    println!("split-wasm: {renamed} imports renamed");
    fs::write(wasm, module)?;
    fs::write(glue, js)?;
    Ok(())
}

/// `bytes` with the sections that `rewrite` writes itself (it returns `true` for those) in
/// place of their originals; every other section is copied as it is.
fn rewrite_sections(
    bytes: &[u8],
    mut rewrite: impl FnMut(&Payload, &mut wasm_encoder::Module) -> Result<bool>,
) -> Result<Vec<u8>> {
    let mut module = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        if rewrite(&payload, &mut module)? {
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let range = usize::try_from(range.start)?..usize::try_from(range.end)?;
            module.section(&wasm_encoder::RawSection {
                id,
                data: &bytes[range],
            });
        }
    }
    Ok(module.finish())
}

/// What the main module imports its glue's functions as.
const GLUE_MODULE: &str = "./onboard-widget_bg.js";

/// `a`, `b`, … `Z`, `aa`, …: a name of one or two letters for each of a few hundred imports.
fn short_name(index: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        rest -= 1;
        name.push(LETTERS[rest % 52]);
        rest /= 52;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// `wasm-opt -Oz` in place, with the features rustc enables for wasm32-unknown-unknown.
fn optimize(module: &Path) -> Result<()> {
    let path = module.display().to_string();
    cmd::run(Command::new("wasm-opt").args([
        "-Oz",
        "--enable-bulk-memory",
        "--enable-multivalue",
        "--enable-mutable-globals",
        "--enable-nontrapping-float-to-int",
        "--enable-reference-types",
        "--enable-sign-ext",
        &path,
        "-o",
        &path,
    ]))
}

/// Writes the modules and scripts into the staged page under content-hashed names, in place of
/// Trunk's, and points the page (names and integrity values) at them.
fn place(
    staging: &Path,
    work: &Path,
    main_wasm: &Path,
    split: &[PathBuf],
    release: bool,
) -> Result<()> {
    let (trunks_wasm, trunks_glue) = (staged(staging, "_bg.wasm")?, staged(staging, ".js")?);
    let mut glue = fs::read_to_string(work.join(format!("{BIN}.js")))?;
    let mut loader = fs::read_to_string(work.join(LOADER_PLACEHOLDER))?;
    let mut fetched = packs::pack(&mut loader, work, staging, |pack, bytes| {
        format!("{pack}-{}.bin", content_hash(&[bytes]))
    })?;
    for module in split {
        let stem = module
            .file_stem()
            .and_then(|s| s.to_str())
            .context("module name")?;
        // The splitter's `split_<point>`; its modules of shared code (`chunk_12`) are in packs.
        let Some(point) = stem.strip_prefix("split_") else {
            ensure!(
                stem.starts_with("chunk_"),
                "the splitter wrote {stem}.wasm, neither a split point's module nor shared code"
            );
            continue;
        };
        let bytes = fs::read(module)?;
        let name = format!("{stem}-{}.wasm", content_hash(&[&bytes]));
        replace_once(
            &mut loader,
            &format!("\"./{stem}.wasm\""),
            &format!("\"./{name}\""),
        )?;
        fs::write(staging.join(&name), bytes)?;
        fetched
            .entry(point.to_owned())
            .or_default()
            .insert(0, name.clone());
        println!("split-wasm: {name}");
    }
    fs::write(
        work.join(FETCHED_MANIFEST),
        serde_json::to_string_pretty(&fetched)?,
    )?;
    let main_bytes = fs::read(main_wasm)?;
    let main_name = format!("{BIN}-{}_bg.wasm", content_hash(&[&main_bytes]));
    // The glue and the loader import each other, so neither name can hash the other's: one
    // hash of both (and of what they load) names the pair.
    let pair = content_hash(&[glue.as_bytes(), loader.as_bytes(), &main_bytes]);
    let glue_name = format!("{BIN}-{pair}.js");
    let loader_name = format!("{BIN}-loader-{pair}.js");
    // wasm-bindgen imports the loader once per split point.
    replace_all(
        &mut glue,
        &format!("from \"{LOADER_PLACEHOLDER}\""),
        &format!("from \"./{loader_name}\""),
    )?;
    replace_once(
        &mut loader,
        &format!("from \"{GLUE_PLACEHOLDER}\""),
        &format!("from \"./{glue_name}\""),
    )?;
    if release {
        glue = minify(&glue)?;
        loader = minify(&loader)?;
    }
    fs::write(staging.join(&loader_name), &loader)?;

    let page_path = staging.join("index.html");
    let mut page = fs::read_to_string(&page_path)?;
    for (trunks, ours, bytes) in [
        (trunks_wasm, &main_name, main_bytes),
        (trunks_glue, &glue_name, glue.into_bytes()),
    ] {
        let trunks_name = trunks
            .file_name()
            .and_then(|n| n.to_str())
            .context("name")?;
        replace_all(&mut page, trunks_name, ours)?;
        replace_all(
            &mut page,
            &integrity(&fs::read(&trunks)?),
            &integrity(&bytes),
        )?;
        fs::remove_file(&trunks)?;
        fs::write(staging.join(ours), bytes)?;
    }
    preload_loader(&mut page, &glue_name, &loader_name, &loader)?;
    fs::write(&page_path, page)?;
    println!("split-wasm: {main_name}, {glue_name}, {loader_name}");
    Ok(())
}

/// Adds a `modulepreload` of the split modules' loader beside the glue's (Trunk writes that one,
/// `href=/onboard-widget-….js`, under the page's base): the glue imports the loader, so without
/// it the browser asks for the loader only once the glue has arrived and been parsed, and the
/// wasm, downloaded meanwhile, waits for that round trip before it can be instantiated (on a
/// phone's network, 150 ms or more).
fn preload_loader(
    page: &mut String,
    glue_name: &str,
    loader_name: &str,
    loader: &str,
) -> Result<()> {
    // The attribute's value before the glue's name, in `href=/base/name` or `href="/base/name"`.
    let base = page
        .match_indices(glue_name)
        .find_map(|(at, _)| {
            let attribute = page[..at].rsplit([' ', '<']).next()?;
            attribute
                .strip_prefix("href=")
                .map(|base| base.trim_start_matches('"'))
        })
        .context("the page has no link to the glue")?;
    let link = format!(
        "<link rel=modulepreload href=\"{base}{loader_name}\" integrity=\"{}\" crossorigin>",
        integrity(loader.as_bytes())
    );
    replace_once(page, "</head>", &format!("{link}</head>"))
}

/// `js` (an ES module) through terser (tools/package.json): wasm-bindgen's glue is about 10 kB
/// gzip as it writes it, 8 minified. Trunk's own minifier cannot parse the glue.
fn minify(js: &str) -> Result<String> {
    let mut terser = Command::new("terser")
        .args(["--module", "--compress", "--mangle"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start terser: run `cargo xtask setup`")?;
    terser
        .stdin
        .take()
        .context("terser's stdin")?
        .write_all(js.as_bytes())?;
    let out = terser.wait_with_output()?;
    ensure!(out.status.success(), "terser failed ({})", out.status);
    Ok(String::from_utf8(out.stdout)?)
}

/// Trunk's staged `onboard-widget-<hash><suffix>`.
fn staged(staging: &Path, suffix: &str) -> Result<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(staging)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with(&format!("{BIN}-")) && name.ends_with(suffix) {
            found.push(path);
        }
    }
    ensure!(
        found.len() == 1,
        "expected one staged {BIN}-*{suffix}, found {found:?}"
    );
    Ok(found.remove(0))
}

/// 16 hex digits of SHA-256 over `parts`, the length of Trunk's hashes (the server's cache
/// policy recognises it).
fn content_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    parts.iter().for_each(|part| hasher.update(part));
    hasher.finalize()[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A subresource integrity value, as Trunk writes them (SHA-384).
fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn replace_once(text: &mut String, from: &str, to: &str) -> Result<()> {
    let count = text.matches(from).count();
    ensure!(count == 1, "expected `{from}` once, found it {count} times");
    *text = text.replace(from, to);
    Ok(())
}

fn replace_all(text: &mut String, from: &str, to: &str) -> Result<()> {
    ensure!(text.contains(from), "expected `{from}`, found none");
    *text = text.replace(from, to);
    Ok(())
}
