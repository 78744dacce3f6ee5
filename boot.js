// Starts the widget without an inline script, which the server's Content-Security-Policy forbids.
// Trunk (Trunk.toml `pattern_script`) emits
//   <script type="module" src="/boot.js" data-onboard-boot data-js="/x.js" data-wasm="/x.wasm">
// and this module loads the wasm-bindgen glue and instantiates the WebAssembly module.
const boot = document.querySelector("script[data-onboard-boot]");
// Trunk also preloads the wasm with its integrity hash; Chromium hands a preload only to a
// request with the same integrity, and would otherwise download the wasm a second time.
const preload = document.querySelector(`link[rel="preload"][href="${boot.dataset.wasm}"]`);
const wasmResponse = fetch(boot.dataset.wasm, { integrity: preload?.integrity ?? "" });
const { default: init } = await import(boot.dataset.js);
const wasm = await init({ module_or_path: wasmResponse });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
