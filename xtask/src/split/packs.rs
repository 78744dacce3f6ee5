//! The modules of shared code go out in a few packs, not one file each. The splitter makes one
//! module per set of split points that share code: 31 modules of 1.4 kB gzip on average, of
//! which the decision's screen needs 15. Over HTTP/1.1 a browser asks a host six things at a
//! time, so those were three rounds of requests before the screen could show, and gzip
//! compresses the modules better together than apart.
//!
//! A pack is the modules' bytes end to end; the split modules' loader fetches it once, on the
//! first use of any module in it, and gives each module its slice (`unpack`), so the
//! splitter's loader is otherwise unchanged: it still instantiates each module as it arrives.

use std::{collections::BTreeMap, fs, path::Path};

use anyhow::{ensure, Context, Result};

use super::replace_once;

/// The split points fetched apart from the screens' (the rest): a module of shared code goes in
/// the pack of the families that use it, so that what one family fetches holds no code only
/// another needs (the framing code is 5 kB gzip a hosted page never runs).
const FAMILIES: [(&str, &[&str]); 2] = [
    // Fetched at start by the framed page.
    ("framing", &["framed_widget"]),
    // One of them, at start or with the session; they share a little code and none with the rest.
    (
        "translations",
        &["english", "german", "norwegian", "swedish"],
    ),
];
/// The family of every other split point: the steps, the review, the bank, the decision.
const SCREENS: &str = "screens";

/// The packs' runtime, appended to the loader: `pack(url)` fetches a pack once (again after a
/// failure, as the splitter's loader retries a module); `unpack` hands one module's bytes to
/// `WebAssembly.instantiateStreaming` as the response a module's own fetch would have been.
const RUNTIME: &str = r#"
function pack(url) {
    let bytes;
    return () => {
        if (bytes === undefined) {
            const load = fetch(url).then((response) => {
                if (!response.ok) throw new Error(`${url}: ${response.status}`);
                return response.arrayBuffer();
            });
            load.catch(() => { if (bytes === load) bytes = undefined; });
            bytes = load;
        }
        return bytes;
    };
}
function unpack(pack, start, end) {
    return pack().then((bytes) => new Response(new Uint8Array(bytes, start, end - start),
        { headers: { "Content-Type": "application/wasm" } }));
}
"#;

/// A module of shared code, as the splitter's loader declares it.
struct Chunk {
    /// `chunk_12`: the module's file stem in the work directory.
    stem: String,
    /// The split points that need it (the loader's comment above its declaration).
    users: Vec<String>,
}

/// What `pack` wrote: each split point's packs, by the served file's name.
pub type PacksOf = BTreeMap<String, Vec<String>>;

/// Writes the modules of shared code in `work` into packs in `staging` under content-hashed
/// names (`name` gives them), and points the loader's declarations at them.
pub fn pack(
    loader: &mut String,
    work: &Path,
    staging: &Path,
    name: impl Fn(&str, &[u8]) -> String,
) -> Result<PacksOf> {
    let chunks = chunks(loader)?;
    check_split_points(loader)?;
    let mut packs = BTreeMap::<String, Vec<&Chunk>>::new();
    for chunk in &chunks {
        packs.entry(pack_of(chunk)).or_default().push(chunk);
    }
    let mut packs_of = PacksOf::new();
    let mut declarations = String::from(RUNTIME);
    for (index, (pack, members)) in packs.iter().enumerate() {
        let variable = format!("__pack_{index}");
        let mut bytes = Vec::new();
        let mut slices = Vec::new();
        for chunk in members {
            let path = work.join(format!("{}.wasm", chunk.stem));
            let module =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            slices.push((chunk, bytes.len(), bytes.len() + module.len()));
            bytes.extend(module);
        }
        let file = name(pack, &bytes);
        for (chunk, start, end) in slices {
            replace_once(
                loader,
                &format!("fetch(new URL(\"./{}.wasm\", import.meta.url))", chunk.stem),
                &format!("unpack({variable}, {start}, {end})"),
            )?;
            for user in &chunk.users {
                let files = packs_of.entry(user.clone()).or_default();
                if !files.contains(&file) {
                    files.push(file.clone());
                }
            }
        }
        declarations +=
            &format!("const {variable} = pack(new URL(\"./{file}\", import.meta.url));\n");
        fs::write(staging.join(&file), bytes)?;
        println!(
            "split-wasm: {file}, {} module(s) of shared code",
            members.len()
        );
    }
    loader.push_str(&declarations);
    Ok(packs_of)
}

/// `framing`, `screens`, `framing-screens`, `framing-translations`: the families of the split points that use `chunk`.
fn pack_of(chunk: &Chunk) -> String {
    let family = |point: &str| {
        FAMILIES
            .iter()
            .find(|(_, points)| points.contains(&point))
            .map_or(SCREENS, |(family, _)| family)
    };
    let mut families: Vec<&str> = chunk.users.iter().map(|user| family(user)).collect();
    families.sort_unstable();
    families.dedup();
    families.join("-")
}

/// The loader's modules of shared code: `/* a, b */` then `const __chunk_12 = makeLoad(`.
fn chunks(loader: &str) -> Result<Vec<Chunk>> {
    let mut chunks = Vec::new();
    let mut users = None;
    for line in loader.lines() {
        if let Some(list) = line.strip_prefix("/* ").and_then(|l| l.strip_suffix(" */")) {
            users = Some(list.split(", ").map(str::to_owned).collect());
        } else if let Some(rest) = line.strip_prefix("const __chunk_") {
            let number = rest
                .split_once(' ')
                .context("a module of shared code without a number")?
                .0;
            chunks.push(Chunk {
                stem: format!("chunk_{number}"),
                users: users
                    .take()
                    .with_context(|| format!("chunk_{number} has no list of its split points"))?,
            });
        }
    }
    ensure!(
        !chunks.is_empty(),
        "the split modules' loader declares no module of shared code"
    );
    Ok(chunks)
}

/// A split point renamed or gone must not move its family's code silently into the screens'.
fn check_split_points(loader: &str) -> Result<()> {
    for point in FAMILIES.iter().flat_map(|(_, points)| points.iter()) {
        ensure!(
            loader.contains(&format!("export const __wasm_split_load_{point} =")),
            "xtask/src/split/packs.rs names the split point `{point}`, which the widget no longer has"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// A loader as the splitter writes it: two modules of shared code, and the split points
    /// `pack` checks for.
    fn loader() -> String {
        let chunk = |number: u32, users: &str| {
            format!(
                "/* {users} */\nconst __chunk_{number} = makeLoad(() => {{\n    const src = fetch(new URL(\"./chunk_{number}.wasm\", import.meta.url));\n}}\n, []);\n"
            )
        };
        let points = FAMILIES
            .iter()
            .flat_map(|(_, points)| points.iter())
            .map(|point| format!("export const __wasm_split_load_{point} = wrapAsyncCb();\n"))
            .collect::<String>();
        chunk(1, "decision, framed_widget")
            + &chunk(2, "bank_flow, decision")
            + &chunk(3, "framed_widget, german")
            + &chunk(4, "decision, later_steps")
            + &points
    }

    #[test]
    fn each_module_of_shared_code_is_fetched_from_the_pack_of_the_families_using_it() {
        let (work, staging) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for (number, bytes) in [(1, "common"), (2, "bank"), (3, "german!"), (4, "steps")] {
            fs::write(work.path().join(format!("chunk_{number}.wasm")), bytes).unwrap();
        }
        let mut loader = loader();
        let packs_of = pack(&mut loader, work.path(), staging.path(), |pack, bytes| {
            format!("{pack}-{}.bin", bytes.len())
        })
        .unwrap();

        // Packs in name order: framing-screens, framing-translations, screens.
        let fetched = |number: u32, pack: u32, start: usize, end: usize| {
            format!("const __chunk_{number} = makeLoad(() => {{\n    const src = unpack(__pack_{pack}, {start}, {end});")
        };
        assert!(loader.contains(&fetched(1, 0, 0, 6)), "{loader}");
        assert!(loader.contains(&fetched(3, 1, 0, 7)), "{loader}");
        assert!(loader.contains(&fetched(2, 2, 0, 4)), "{loader}");
        assert!(loader.contains(&fetched(4, 2, 4, 9)), "{loader}");
        for (variable, file) in [
            (0, "framing-screens-6"),
            (1, "framing-translations-7"),
            (2, "screens-9"),
        ] {
            let declared = format!(
                "const __pack_{variable} = pack(new URL(\"./{file}.bin\", import.meta.url));"
            );
            assert!(loader.contains(&declared), "{loader}");
        }
        assert_eq!(
            fs::read(staging.path().join("screens-9.bin")).unwrap(),
            b"banksteps"
        );
        assert_eq!(
            packs_of["decision"],
            ["framing-screens-6.bin", "screens-9.bin"]
        );
        assert_eq!(
            packs_of["framed_widget"],
            ["framing-screens-6.bin", "framing-translations-7.bin"]
        );
        assert_eq!(packs_of["german"], ["framing-translations-7.bin"]);
        assert_eq!(packs_of["bank_flow"], ["screens-9.bin"]);
    }

    #[test]
    fn a_pack_naming_a_split_point_the_widget_lost_stops_the_build() {
        let mut loader = loader().replace("__wasm_split_load_german", "__wasm_split_load_deutsch");
        let dir = tempfile::tempdir().unwrap();
        let error = pack(&mut loader, dir.path(), dir.path(), |_, _| String::new()).unwrap_err();
        assert!(error.to_string().contains("`german`"), "{error}");
    }
}
