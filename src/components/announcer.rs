//! One polite live region for the whole widget. Screen readers announce a change to a live
//! region only if the region was already in the page; a screen's own region arrives together
//! with its first text and is read as nothing new. This one is rendered once by the app, before
//! any screen, and the screens put what changed while the user waited into it.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn say(self, text: String) {
        self.0.set(text);
    }
}

/// The live region; puts its [`Announcer`] in context for everything rendered after it.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let said = RwSignal::new(String::new());
    provide_context(Announcer(said));
    view! {
        <div class="onboard-visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || said.get()}
        </div>
    }
}

/// Announces what `describe` makes of each change of `value`, given the value before and the
/// value now. The value at the start is on screen when the user arrives, so it is not announced.
pub fn announce_changes<T>(
    value: impl Fn() -> T + 'static,
    describe: impl Fn(&T, &T) -> Option<String> + 'static,
) where
    T: PartialEq + Clone + 'static,
{
    let announcer = expect_context::<Announcer>();
    Effect::new(move |before: Option<T>| {
        let now = value();
        if let Some(text) = before
            .filter(|before| *before != now)
            .and_then(|before| describe(&before, &now))
        {
            announcer.say(text);
        }
        now
    });
}
