// Starts the widget without an inline script, which the server's Content-Security-Policy forbids.
// Trunk (Trunk.toml `pattern_script`) emits
//   <script type="module" src="/boot.js" data-onboard-boot data-js="/x.js" data-wasm="/x.wasm">
// and this module loads the wasm-bindgen glue and instantiates the WebAssembly module.
const boot = document.querySelector("script[data-onboard-boot]");
const { default: init } = await import(boot.dataset.js);
const wasm = await init({ module_or_path: boot.dataset.wasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
