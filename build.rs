//! The widget's wasm keeps its relocations (`--emit-relocs`): the split build (README, "The split
//! build") reads them to cut the module apart. Only the binary's link step gets the flag, so the
//! dependencies' builds stay as they are, and the library's wasm tests link without it.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32") {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
