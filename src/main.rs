fn main() {
    // In debug builds, panics go to the browser console instead of a bare "unreachable".
    // Release builds skip it: the message formatting costs bundle size.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    leptos::mount::mount_to_body(onboard_widget::App);
}
