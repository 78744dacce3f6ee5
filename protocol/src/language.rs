//! The languages Onboard speaks to an applicant: the widget's, and those of the pages the server
//! renders itself, so that both pick the same one from the same tags.

/// A language Onboard has its texts in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    En,
    Sv,
    Nb,
    De,
}

impl Language {
    pub const ALL: [Language; 4] = [Self::En, Self::Sv, Self::Nb, Self::De];

    /// The BCP 47 tag, for a `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Sv => "sv",
            Self::Nb => "nb",
            Self::De => "de",
        }
    }

    /// The first of `candidates` (language tags such as "sv-SE" or "de", most preferred first)
    /// that Onboard speaks. The region is ignored: Swedish in Finland is still Swedish. "no" and
    /// "nn" get Bokmål, the written Norwegian most readers expect.
    pub fn negotiate<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Option<Language> {
        candidates.into_iter().find_map(|tag| {
            let language = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
            match language.as_str() {
                "en" => Some(Self::En),
                "sv" => Some(Self::Sv),
                "nb" | "no" | "nn" => Some(Self::Nb),
                "de" => Some(Self::De),
                _ => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_language_whatever_the_region() {
        assert_eq!(Language::negotiate(["sv-FI"]), Some(Language::Sv));
        assert_eq!(Language::negotiate(["fr", "DE_at"]), Some(Language::De));
        for norwegian in ["no", "nb", "nn", "nb-NO", "nn-NO"] {
            assert_eq!(Language::negotiate([norwegian]), Some(Language::Nb));
        }
        assert_eq!(Language::negotiate(["fr", ""]), None);
        for language in Language::ALL {
            assert_eq!(Language::negotiate([language.tag()]), Some(language));
        }
    }
}
