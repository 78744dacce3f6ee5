//! The translations' texts are split modules (README, "The split build"): English is in the
//! main module; Swedish, Norwegian and German are each fetched when a page needs them, so that a
//! first load carries no language it does not show.

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

const ENGLISH: Texts = Texts {
    text: en::text,
    keys: en::KEYS,
};

/// The translations fetched so far, by `Locale` in `Locale::ALL`'s order.
static ARRIVED: [OnceLock<Texts>; 4] = [const { OnceLock::new() }; 4];

thread_local! {
    /// Notified when a translation arrives (or fails to) or the locale changes: what live texts
    /// track.
    static CHANGED: ArcTrigger = ArcTrigger::new();
    /// A translation could not be fetched: what waits for one shows in English instead.
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

impl Texts {
    /// `locale`'s texts, or English while they are on their way.
    pub fn of(locale: Locale) -> Texts {
        arrived(locale).unwrap_or(ENGLISH)
    }
}

fn arrived(locale: Locale) -> Option<Texts> {
    match locale {
        Locale::En => Some(ENGLISH),
        other => ARRIVED[other as usize].get().copied(),
    }
}

/// Fetches `locale`'s texts, once; returns when they are here, or could not be fetched: then
/// the page goes on in English, and the next call tries again.
pub async fn load(locale: Locale) {
    if arrived(locale).is_some() {
        return;
    }
    let fetched = match locale {
        Locale::En => Ok(ENGLISH),
        Locale::Sv => swedish().await,
        Locale::Nb => norwegian().await,
        Locale::De => german().await,
    };
    match fetched {
        Ok(texts) => {
            let _ = ARRIVED[locale as usize].set(texts);
        }
        Err(_) => FAILED.set(true),
    }
    changed();
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
