//! Running external commands: every command is echoed, and failures say which command failed.

use std::process::{Command, Stdio};

use anyhow::{ensure, Context, Result};

/// Runs `cmd` with inherited stdio and fails unless it exits successfully.
pub fn run(cmd: &mut Command) -> Result<()> {
    let line = show(cmd);
    println!("$ {line}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{line}`"))?;
    ensure!(status.success(), "`{line}` failed ({status})");
    Ok(())
}

/// Runs `cmd` as `run` does, but with `secret` (a token in an argument) replaced by `shown_as`
/// wherever the command line or its output would show it, so no log ever holds it.
pub fn run_hiding(cmd: &mut Command, secret: &str, shown_as: &str) -> Result<()> {
    let line = show(cmd).replace(secret, shown_as);
    println!("$ {line}");
    let out = cmd
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    for stream in [&out.stdout, &out.stderr] {
        print!(
            "{}",
            String::from_utf8_lossy(stream).replace(secret, shown_as)
        );
    }
    ensure!(out.status.success(), "`{line}` failed ({})", out.status);
    Ok(())
}

/// Runs `cmd` like [`run`], its stderr shown as it comes, and returns what it printed on stdout.
pub fn stdout(cmd: &mut Command) -> Result<String> {
    let line = show(cmd);
    println!("$ {line}");
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    ensure!(out.status.success(), "`{line}` failed ({})", out.status);
    String::from_utf8(out.stdout).with_context(|| format!("`{line}` printed non-UTF-8"))
}

/// Runs a probe such as `tool --version` quietly: its trimmed stdout, or None when the
/// program is missing or fails.
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The command as a shell line, with the environment it sets explicitly.
pub fn show(cmd: &Command) -> String {
    let envs = cmd.get_envs().filter_map(|(k, v)| {
        v.map(|v| format!("{}={}", k.to_string_lossy(), quote(&v.to_string_lossy())))
    });
    let words = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|w| quote(&w.to_string_lossy()));
    envs.chain(words).collect::<Vec<_>>().join(" ")
}

fn quote(word: &str) -> String {
    match word.is_empty() || word.contains([' ', '"', '\'', '$', '*', '~']) {
        true => format!("'{}'", word.replace('\'', r"'\''")),
        false => word.to_owned(),
    }
}
