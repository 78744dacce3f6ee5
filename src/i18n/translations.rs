//! Every language's texts are a split module (README, "The split build"), English's too: each
//! is fetched when a page needs it, so that a first load carries the texts of its own language
//! alone. English is what shows while another language's texts are on their way or could not
//! come; the main module keeps only the few words that say so when no texts could come at all.

use std::cell::Cell;
use std::sync::OnceLock;

use leptos::prelude::*;

use super::{de, en, locale, nb, sv, Locale, Text};
use crate::split::split_point;

/// One language's texts: the widget's own, and those `protocol` names by key.
#[derive(Clone, Copy)]
pub(super) struct Texts {
    pub text: fn(Text) -> &'static str,
    pub keys: &'static [(&'static str, &'static str)],
}

/// Before any texts, or when none could be fetched: what the loading and error screens need, so
/// that a page whose texts did not come still says that something went wrong, and offers to try
/// again (which fetches them again). The tests check them against English's.
const CORE: Texts = Texts {
    text: core_text,
    keys: &[],
};

fn core_text(text: Text) -> &'static str {
    match text {
        Text::Loading => "Loading…",
        Text::ErrorHeading => "Something went wrong",
        Text::Retry => "Try again",
        _ => "",
    }
}

/// The texts fetched so far, by `Locale` in `Locale::ALL`'s order.
static ARRIVED: [OnceLock<Texts>; 4] = [const { OnceLock::new() }; 4];

thread_local! {
    /// Notified when a translation arrives (or fails to) or the locale changes: what live texts
    /// track.
    static CHANGED: ArcTrigger = ArcTrigger::new();
    /// A translation could not be fetched: what waits for one shows in English instead.
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

impl Texts {
    /// `locale`'s texts; English while they are on their way, once English is here.
    pub fn of(locale: Locale) -> Texts {
        arrived(locale)
            .or_else(|| arrived(Locale::En))
            .unwrap_or(CORE)
    }
}

fn arrived(locale: Locale) -> Option<Texts> {
    ARRIVED[locale as usize].get().copied()
}

/// Fetches `locale`'s texts, once; returns when they are here, or could not be fetched: then
/// the page goes on in English (fetched now if it is not here), and the next call tries again.
pub async fn load(locale: Locale) {
    if arrived(locale).is_some() {
        return;
    }
    match fetch(locale).await {
        Ok(texts) => {
            let _ = ARRIVED[locale as usize].set(texts);
        }
        Err(_) => {
            if arrived(Locale::En).is_none() {
                if let Ok(english) = fetch(Locale::En).await {
                    let _ = ARRIVED[Locale::En as usize].set(english);
                }
            }
            FAILED.set(true);
        }
    }
    changed();
}

async fn fetch(locale: Locale) -> Result<Texts, leptos::wasm_split::SplitLoaderError> {
    match locale {
        Locale::En => english().await,
        Locale::Sv => swedish().await,
        Locale::Nb => norwegian().await,
        Locale::De => german().await,
    }
}

pub(super) fn changed() {
    CHANGED.with(ArcTrigger::notify);
}

/// Whether the language in use has its texts (or English is all there will be), tracking their
/// arrival and changes of language: for what shows before the session has waited for them.
pub fn track_texts() -> bool {
    CHANGED.with(ArcTrigger::track);
    arrived(locale()).is_some() || FAILED.get()
}

/// `text` in the language in use, kept current as its texts arrive or the language changes;
/// nothing until they are here, rather than a flash of English.
pub fn t_live(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || {
        if track_texts() {
            locale().text(text)
        } else {
            ""
        }
    }
}

split_point! {
    fn english() -> Texts {
        Texts {
            text: en::text,
            keys: en::KEYS,
        }
    }
}

split_point! {
    fn swedish() -> Texts {
        Texts {
            text: sv::text,
            keys: sv::KEYS,
        }
    }
}

split_point! {
    fn norwegian() -> Texts {
        Texts {
            text: nb::text,
            keys: nb::KEYS,
        }
    }
}

split_point! {
    fn german() -> Texts {
        Texts {
            text: de::text,
            keys: de::KEYS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_before_any_texts_are_englishs() {
        for text in [Text::Loading, Text::ErrorHeading, Text::Retry] {
            assert_eq!(core_text(text), en::text(text));
        }
        assert_eq!(core_text(Text::Continue), "");
    }
}
