// Starts the widget without an inline script, which the server's Content-Security-Policy forbids.
// Trunk (Trunk.toml `pattern_script`) emits
//   <script type="module" src="/boot.js" data-onboard-boot data-js="/x.js" data-wasm="/x.wasm">
// and this module loads the wasm-bindgen glue and instantiates the WebAssembly module.
const boot = document.querySelector("script[data-onboard-boot]");
// Trunk also preloads the wasm with its integrity hash; Chromium matches a preload to a request
// by integrity too, so the wasm is fetched with the same one. Fetched before the glue is
// imported, so its download never waits for the glue.
const preload = document.querySelector(`link[rel="preload"][href="${boot.dataset.wasm}"]`);
const wasmResponse = fetch(boot.dataset.wasm, { integrity: preload?.integrity ?? "" });
const { default: init } = await import(boot.dataset.js);
const wasm = await init({ module_or_path: wasmResponse });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
