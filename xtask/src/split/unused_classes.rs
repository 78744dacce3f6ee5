//! Drops the JavaScript classes a dependency exports that the widget never constructs, from the
//! glue and the main module alike: wasm-bindgen keeps every `#[wasm_bindgen]` export, used or
//! not, and only with the exports gone can wasm-opt remove their code.
//!
//! The classes are wasm-streams' adapters, which Leptos's server functions bring along: a
//! client-side widget calls no server function, and nothing else builds a stream from Rust.

use std::{fs, path::Path};

use anyhow::{ensure, Context, Result};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::Payload;

use super::rewrite_sections;

/// The classes dropped: each one's block and finalization registry in the glue, and its exports
/// (`<lowercase name>_*` and `__wbg_<lowercase name>_free`) in the wasm.
const UNUSED: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

pub fn drop_unused_classes(wasm: &Path, glue: &Path) -> Result<()> {
    let mut js = fs::read_to_string(glue)?;
    for class in UNUSED {
        remove_class(&mut js, class)?;
        let exports = format!("wasm.{}", class.to_lowercase());
        ensure!(
            !js.contains(class) && !js.contains(&exports),
            "the glue still refers to {class} once its class is dropped: is it used after all?"
        );
    }
    let is_unused = |name: &str| {
        UNUSED.iter().any(|class| {
            let lower = class.to_lowercase();
            name.starts_with(&format!("{lower}_")) || name == format!("__wbg_{lower}_free")
        })
    };
    let mut dropped = 0;
    let module = rewrite_sections(&fs::read(wasm)?, |payload, module| {
        let Payload::ExportSection(reader) = payload else {
            return Ok(false);
        };
        let mut exports = wasm_encoder::ExportSection::new();
        for export in reader.clone() {
            let export = export?;
            if is_unused(export.name) {
                dropped += 1;
                continue;
            }
            let kind = RoundtripReencoder.export_kind(export.kind)?;
            exports.export(export.name, kind, export.index);
        }
        module.section(&exports);
        Ok(true)
    })?;
    ensure!(
        dropped > 0,
        "no export of {UNUSED:?} found in the main module"
    );
    println!("split-wasm: {dropped} exports of unused classes dropped");
    fs::write(wasm, module)?;
    fs::write(glue, js)?;
    Ok(())
}

/// Cuts `export class {class} { … }` up to its `Symbol.dispose` line, and its finalization
/// registry, out of wasm-bindgen's glue.
fn remove_class(js: &mut String, class: &str) -> Result<()> {
    let dispose = format!(
        "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
    );
    cut(js, &format!("export class {class} {{"), &dispose)?;
    cut(
        js,
        &format!("const {class}Finalization = "),
        "new FinalizationRegistry(",
    )
}

/// Removes from `start` through `end` and to the end of that line; the glue's layout, checked.
fn cut(js: &mut String, start: &str, end: &str) -> Result<()> {
    let from = js
        .find(start)
        .with_context(|| format!("expected `{start}` in the glue"))?;
    let to = from
        + js[from..]
            .find(end)
            .with_context(|| format!("expected `{end}` after `{start}` in the glue"))?;
    let line_end = to + js[to..].find('\n').map_or(js.len() - to, |n| n + 1);
    js.replace_range(from..line_end, "");
    Ok(())
}
