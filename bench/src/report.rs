//! BENCHMARKS.md: one marked section per bench part, then the part written by hand.

use std::{fs, path::Path};

use anyhow::{Context, Result};
use clap::ValueEnum;
use time::{macros::format_description, OffsetDateTime};
use xtask::Workspace;

use crate::Part;

/// BENCHMARKS.md from this line on is written by hand (the history of attempts) and kept.
const KEPT_MARKER: &str = "<!-- Kept by `cargo xtask bench`: written by hand below. -->";
const TITLE: &str = "# Benchmarks\n\n\
    Every section below was written by `cargo xtask bench` (or `cargo xtask bench --part NAME` \
    for one section), with the machine and date of its run. \
    Fuzzing: executions, coverage and findings per target are in [FUZZING.md](FUZZING.md).\n\n";

/// Replaces `part`'s section of BENCHMARKS.md with `markdown`, keeping every other section.
pub fn write_section(ws: &Workspace, part: Part, markdown: &str) -> Result<()> {
    let path = ws.root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_default();
    let kept = old
        .find(KEPT_MARKER)
        .map_or_else(|| format!("{KEPT_MARKER}\n"), |at| old[at..].to_owned());
    let mut out = String::from(TITLE);
    for &each in Part::value_variants() {
        let body = match each == part {
            true => Some(markdown.trim().to_owned()),
            false => section_of(&old, each),
        };
        if let Some(body) = body {
            let (open, close) = markers(each);
            out += &format!("{open}\n{body}\n{close}\n\n");
        }
    }
    out += &kept;
    fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?;
    println!(
        "bench: wrote the {} section of {}",
        part.key(),
        rel(ws, &path)
    );
    Ok(())
}

/// The lines every section ends with: how to repeat its figures, where and when they came from.
pub fn provenance(command: &str) -> Result<String> {
    let date = OffsetDateTime::now_utc().format(format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))?;
    Ok(format!(
        "- Command: `{command}`\n- Machine: {}\n- Date: {date}\n",
        machine()
    ))
}

/// The 1, 5 and 15 minute load averages (/proc/loadavg): how busy the shared machine was.
pub fn load_average() -> String {
    fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        },
    )
}

/// A size /proc gives in KiB, in MiB.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn section_of(text: &str, part: Part) -> Option<String> {
    let (open, close) = markers(part);
    let start = text.find(&open)? + open.len();
    let end = start + text[start..].find(&close)?;
    Some(text[start..end].trim().to_owned())
}

fn markers(part: Part) -> (String, String) {
    let key = part.key();
    (
        format!("<!-- bench:{key} -->"),
        format!("<!-- /bench:{key} -->"),
    )
}

fn rel(ws: &Workspace, path: &Path) -> String {
    path.strip_prefix(&ws.root)
        .unwrap_or(path)
        .display()
        .to_string()
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
    use super::*;

    #[test]
    fn a_section_is_found_between_its_markers() {
        let text = "# B\n\n<!-- bench:bundle -->\n## Bundle\nfigures\n<!-- /bench:bundle -->\n\n";
        assert_eq!(
            section_of(text, Part::Bundle).as_deref(),
            Some("## Bundle\nfigures")
        );
        assert_eq!(section_of("# B\n", Part::Bundle), None);
    }
}
