//! Every country a person may live, pay tax or hold a document in (ISO 3166-1 alpha-2), and how
//! a country picker finds one from what was typed: "Swe", "Sver" or "SE" all find Sweden. The
//! names come from the browser (`Intl.DisplayNames`), in as many languages as the caller likes;
//! this module only ranks them.

use crate::search::fold;

/// The officially assigned ISO 3166-1 alpha-2 codes, in order.
const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ \
    BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP \
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI \
    KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP \
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM \
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX \
    SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU \
    WF WS YE YT ZA ZM ZW";

/// Every country code, in order.
pub fn all() -> impl Iterator<Item = &'static str> {
    CODES.split_ascii_whitespace()
}

/// How well a country, by its `code` and its `names` (the customer's language first), matches
/// `query`; lower is better, `None` is no match. The code itself, a name's start, the start
/// of a word in a name, in that order; case and accents do not count.
pub fn rank(query: &str, code: &str, names: &[&str]) -> Option<u8> {
    let query = fold(query.trim());
    if query.is_empty() {
        return Some(3);
    }
    if query.eq_ignore_ascii_case(code) {
        return Some(0);
    }
    let names: Vec<String> = names.iter().map(|name| fold(name)).collect();
    if names.iter().any(|name| name.starts_with(&query)) {
        Some(1)
    } else if names.iter().any(|name| {
        name.split([' ', '-', '(', ','])
            .any(|word| word.starts_with(&query))
    }) {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_assigned_code_once_in_order() {
        let codes: Vec<&str> = all().collect();
        assert_eq!(codes.len(), 249);
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(codes
            .iter()
            .all(|code| code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())));
        for market in crate::country::SUPPORTED_MARKETS {
            assert!(codes.contains(&market), "{market}");
        }
    }

    #[test]
    fn sweden_is_found_by_its_names_and_its_code() {
        let sweden = ["Sweden", "Sverige", "Schweden"];
        for query in ["Swe", "swe", "Sver", "SE", "se", " sweden "] {
            assert!(rank(query, "SE", &sweden).is_some(), "{query}");
        }
        assert_eq!(rank("SE", "SE", &sweden), Some(0));
        assert_eq!(rank("Sver", "SE", &sweden), Some(1));
        assert_eq!(rank("Norway", "SE", &sweden), None);
        assert_eq!(rank("", "SE", &sweden), Some(3), "an empty query lists all");
    }

    #[test]
    fn words_inside_a_name_and_accents() {
        assert_eq!(
            rank("kingdom", "GB", &["United Kingdom", "Storbritannien"]),
            Some(2)
        );
        assert_eq!(rank("osterr", "AT", &["Austria", "Österreich"]), Some(1));
        assert_eq!(rank("cote", "CI", &["Côte d’Ivoire"]), Some(1));
        assert_eq!(rank("Å", "AX", &["Åland Islands"]), Some(1));
    }
}
