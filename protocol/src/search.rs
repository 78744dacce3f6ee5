//! Text as a search compares it: lower case and without diacritics, so that "skane" finds
//! "Skåne", "munchen" "München" and "cote" "Côte d'Ivoire".

/// `text` folded for comparison: lower case, Latin letters without their accents.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'ā' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ê' | 'ë' | 'ě' => 'e',
            'ü' | 'ú' | 'ù' | 'û' | 'ů' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' | 'č' | 'ć' => 'c',
            'ñ' | 'ň' => 'n',
            'ř' => 'r',
            'š' | 'ś' => 's',
            'ý' | 'ÿ' => 'y',
            'ž' | 'ź' | 'ż' => 'z',
            other => other,
        })
        .flat_map(|c| match c {
            'æ' => vec!['a', 'e'],
            'ß' => vec!['s', 's'],
            other => vec![other],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Sparbanken Skåne"), "sparbanken skane");
        assert_eq!(fold("Ringkjøbing Landbobank"), "ringkjobing landbobank");
        assert_eq!(fold("MÜNCHNER Bank"), "munchner bank");
        assert_eq!(fold("Lån & Spar"), "lan & spar");
        assert_eq!(fold("Æbleø Straße"), "aebleo strasse");
        assert_eq!(fold("Česká republika"), "ceska republika");
    }
}
