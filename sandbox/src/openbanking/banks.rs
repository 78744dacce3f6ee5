//! The banks the sandboxed provider knows: the document's scenario banks and enough ordinary
//! banks in six countries that search and country filtering matter. Deterministic.

use protocol::provider::openbanking::{
    Aspsp, DetailsAndOptions, TransactionDelivery, TransactionFilter,
};

/// Date filter, paginated (`ob-data-ais-s1`).
pub const DATE_FILTER_BANK: &str = "20101";
/// Transactions only by download (`ob-data-ais-s3`).
pub const DOWNLOAD_BANK: &str = "20102";
/// Revocation scenario (`ob-data-ais-s4`).
pub const DELETE_CONSENT_BANK: &str = "20103";
/// Date-time filter (`ob-data-ais-s2`); also the one bank that cannot revoke at the bank, so
/// deleting its consents leaves them `RevokedAtTpp`.
pub const DATE_TIME_FILTER_BANK: &str = "20116";

const ORDINARY: &[(&str, &str, &str)] = &[
    ("SE", "Svenska Handelsbanken", "HANDSESS"),
    ("SE", "Swedbank", "SWEDSESS"),
    ("SE", "SEB", "ESSESESS"),
    ("SE", "Nordea Sverige", "NDEASESS"),
    ("SE", "Sparbanken Skåne", "SKSASE22"),
    ("SE", "Länsförsäkringar Bank", "ELLFSESS"),
    ("SE", "ICA Banken", "IBCASES1"),
    ("SE", "Skandiabanken", "SKIASESS"),
    ("SE", "Ålandsbanken Sverige", "AABASESS"),
    ("SE", "Sparbanken Syd", "SPSDSE22"),
    ("NO", "DNB", "DNBANOKK"),
    ("NO", "SpareBank 1 SR-Bank", "SPRONO22"),
    ("NO", "Sbanken", "SKIANOB1"),
    ("NO", "Bank Norwegian", "NORWNOK1"),
    ("NO", "Sparebanken Vest", "SPAVNOBB"),
    ("NO", "Handelsbanken Norge", "HANDNOKK"),
    ("NO", "Storebrand Bank", "SBAKNOBB"),
    ("NO", "Sparebanken Møre", "SPSMNO22"),
    ("NO", "Landkreditt Bank", "LABANOKK"),
    ("DK", "Danske Bank", "DABADKKK"),
    ("DK", "Jyske Bank", "JYBADKKK"),
    ("DK", "Sydbank", "SYBKDK22"),
    ("DK", "Nykredit Bank", "NYKBDKKK"),
    ("DK", "Arbejdernes Landsbank", "ALBADKKK"),
    ("DK", "Spar Nord", "SPNODK22"),
    ("DK", "Ringkjøbing Landbobank", "RINGDK22"),
    ("DK", "Lån & Spar Bank", "LOSADKKK"),
    ("DK", "Sparekassen Kronjylland", "KRONDK22"),
    ("FI", "OP Financial Group", "OKOYFIHH"),
    ("FI", "Nordea Finland", "NDEAFIHH"),
    ("FI", "Ålandsbanken", "AABAFI22"),
    ("FI", "S-Pankki", "SBANFIHH"),
    ("FI", "Aktia", "HELSFIHH"),
    ("FI", "Säästöpankki", "ITELFIHH"),
    ("FI", "POP Pankki", "POPFFI22"),
    ("FI", "Oma Säästöpankki", "OMASFIHH"),
    ("FI", "Danske Bank Suomi", "DABAFIHH"),
    ("DE", "Deutsche Bank", "DEUTDEFF"),
    ("DE", "Commerzbank", "COBADEFF"),
    ("DE", "DKB Deutsche Kreditbank", "BYLADEM1"),
    ("DE", "Sparkasse Köln Bonn", "COLSDE33"),
    ("DE", "Volksbank Münsterland Nord", "GENODEM1IBB"),
    ("DE", "Hamburger Sparkasse", "HASPDEHH"),
    ("DE", "ING Deutschland", "INGDDEFF"),
    ("DE", "Postbank", "PBNKDEFF"),
    ("DE", "GLS Gemeinschaftsbank", "GENODEM1GLS"),
    ("DE", "Berliner Sparkasse", "BELADEBE"),
    ("DE", "Münchner Bank", "GENODEF1M01"),
    ("NL", "ING Nederland", "INGBNL2A"),
    ("NL", "ABN AMRO", "ABNANL2A"),
    ("NL", "Rabobank", "RABONL2U"),
    ("NL", "de Volksbank", "SNSBNL2A"),
    ("NL", "ASN Bank", "ASNBNL21"),
    ("NL", "Triodos Bank", "TRIONL2U"),
    ("NL", "bunq", "BUNQNL2A"),
    ("NL", "Knab", "KNABNL2H"),
];

/// Every bank, scenario banks first, each with a logo under `logo_base`.
pub fn all(logo_base: &str) -> Vec<Aspsp> {
    let scenario = [
        (
            DATE_FILTER_BANK,
            "Account Information redirect + Transaction Date filter",
            TransactionFilter::Date,
            TransactionDelivery::Paginated,
        ),
        (
            DOWNLOAD_BANK,
            "Account information redirect + Download transactions",
            TransactionFilter::Date,
            TransactionDelivery::Download,
        ),
        (
            DELETE_CONSENT_BANK,
            "AIS Delete Consents",
            TransactionFilter::Date,
            TransactionDelivery::Paginated,
        ),
        (
            DATE_TIME_FILTER_BANK,
            "Account Information redirect + Transaction datetime filter",
            TransactionFilter::DateTime,
            TransactionDelivery::Paginated,
        ),
    ];
    let scenario = scenario.into_iter().map(|(id, name, filter, delivery)| {
        bank(logo_base, id.to_owned(), name, "SE", None, filter, delivery)
    });
    let ordinary = ORDINARY
        .iter()
        .enumerate()
        .map(|(index, (country, name, bic))| {
            let id = format!("{}", 30_001 + index);
            bank(
                logo_base,
                id,
                name,
                country,
                Some(bic),
                TransactionFilter::Date,
                TransactionDelivery::Paginated,
            )
        });
    scenario.chain(ordinary).collect()
}

fn bank(
    logo_base: &str,
    id: String,
    name: &str,
    country: &str,
    bic: Option<&str>,
    transaction_filter: TransactionFilter,
    transaction_delivery: TransactionDelivery,
) -> Aspsp {
    let transactions = match transaction_delivery {
        TransactionDelivery::Paginated => "GET /accounts/{id}/transactions",
        TransactionDelivery::Download => "GET /download/transactions/{id}",
    };
    Aspsp {
        logo_url: format!("{logo_base}{id}.svg"),
        details_and_options: DetailsAndOptions {
            authorisation_approach: "Redirect".into(),
            endpoints: [
                "POST /consents",
                "GET /consents/{id}/status",
                "DELETE /consents/{id}",
                "GET /accounts",
                "GET /accounts/{id}/balances",
                transactions,
            ]
            .map(str::to_owned)
            .to_vec(),
            mandatory_fields: ["AspspId", "RedirectUri", "State"]
                .map(str::to_owned)
                .to_vec(),
            // Scenario banks and every third ordinary bank give the owner's name.
            supports_owner_name: bic.is_none() || id.ends_with(['1', '4', '7']),
            transaction_filter,
            transaction_delivery,
            supports_revoke: id != DATE_TIME_FILTER_BANK,
        },
        aspsp_id: id,
        name: name.to_owned(),
        country_code: country.to_owned(),
        bic: bic.map(str::to_owned),
    }
}

/// A logo: the bank's initials on a colour of its own. No scripts, fixed size.
pub fn logo_svg(bank: &Aspsp) -> String {
    let initials: String = bank
        .name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect();
    let hue = bank
        .aspsp_id
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="hsl({hue},55%,42%)"/><text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">{initials}</text></svg>"##,
        initials = escape(&initials)
    )
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
