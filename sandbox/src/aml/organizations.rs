//! The organizations the sandboxed AML provider knows.
//!
//! | Identifier | Organization | Behaviour |
//! |---|---|---|
//! | `5560360793` (556036-0793) | Nordvik Industri AB, Sweden | clean: sanction `NO_HIT` |
//! | `5566778899` (556677-8899) | Kaspian Trading AB, Sweden | sanction `HIT` on the OFAC SDN list, with aliases |
//! | `5590123450` (559012-3450) | Haveri Konsult AB, Sweden | the session `FAILED` (webhook `Failed`) |
//! | `923609016` | Fjordlys Teknologi AS, Norway | clean |
//! | `150483782` (DUNS) | Baltic Harbour Logistics Ltd, United Kingdom | clean, known by DUNS only |
//!
//! Any other valid identifier (a Swedish organisationsnummer, a Norwegian organisasjonsnummer,
//! or failing that any nine digits as a DUNS number) gets a clean company derived from the number,
//! the same every time. Every company has two or three beneficial owners, official roles whose
//! personal identity numbers pass `protocol::identity`, at least two signature-right
//! combinations, an LEI, addresses and three years of accounts.

use protocol::identity;
use protocol::provider::aml::{
    Accountant, AccountingYear, Addresses, Auditor, AuthorityRule, BeneficialOwner, Financials,
    Industry, KeyFigures, KeyInformation, LegalForm, OfficialRole, OrganizationResult, Ownership,
    OwnershipIndicators, Percent, PostalAddress, RoleType, Sanction, SanctionStatus, Shareholder,
    ShareholderType, Signatory, Subsidiary,
};

use crate::SandboxError;

/// What an identifier was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    Swedish(String),
    Norwegian(String),
    Duns(String),
}

impl Identifier {
    /// Ten digits (with or without the hyphen) are a Swedish organisationsnummer; nine are a
    /// Norwegian organisasjonsnummer when the mod-11 check holds, else a DUNS number.
    pub fn parse(input: &str) -> Result<Self, SandboxError> {
        let trimmed = input.trim();
        let digit_count = trimmed.chars().filter(char::is_ascii_digit).count();
        let refuse = |what: &str, err: identity::IdError| {
            SandboxError::invalid(
                "identifier",
                format!("identifier is not a valid {what}: it {err}"),
            )
        };
        match digit_count {
            10 | 12 => identity::swedish_organisationsnummer(trimmed)
                .map(Self::Swedish)
                .map_err(|e| refuse("Swedish organisationsnummer", e)),
            9 => identity::norwegian_organisasjonsnummer(trimmed)
                .map(Self::Norwegian)
                .or_else(|_| identity::duns(trimmed).map(Self::Duns))
                .map_err(|e| refuse("organisasjonsnummer or DUNS number", e)),
            _ => Err(SandboxError::invalid(
                "identifier",
                "identifier must be a Swedish organisationsnummer (10 digits), a Norwegian \
                 organisasjonsnummer or a DUNS number (9 digits)",
            )),
        }
    }

    pub fn digits(&self) -> &str {
        match self {
            Self::Swedish(d) | Self::Norwegian(d) | Self::Duns(d) => d,
        }
    }
}

/// Everything the provider knows about one organization; a session's result is cut from it.
#[derive(Debug, Clone)]
pub struct Organization {
    /// Every expand filled in; `links` is None (links belong to a session).
    pub data: OrganizationResult,
    /// Its sessions fail instead of delivering.
    pub fails: bool,
}

pub fn lookup(identifier: &Identifier) -> Organization {
    let data = match identifier.digits() {
        "5560360793" => nordvik(),
        "5566778899" => kaspian(),
        "923609016" => fjordlys(),
        "150483782" => baltic_harbour(),
        "5590123450" => {
            let mut data = generic(identifier);
            data.key_information.name = "Haveri Konsult AB".into();
            return Organization { data, fails: true };
        }
        _ => generic(identifier),
    };
    Organization { data, fails: false }
}

struct Person {
    name: String,
    born: String,
    pin: Option<String>,
    roles: Vec<RoleType>,
    /// Direct ownership, hundredths of a percent.
    share: u32,
    since: String,
    city: String,
}

fn person(
    name: &str,
    born: &str,
    pin: Option<&str>,
    roles: &[RoleType],
    share: u32,
    since: &str,
    city: &str,
) -> Person {
    Person {
        name: name.into(),
        born: born.into(),
        pin: pin.map(Into::into),
        roles: roles.to_vec(),
        share,
        since: since.into(),
        city: city.into(),
    }
}

struct Spec {
    name: String,
    organization_number: Option<String>,
    duns: Option<String>,
    legal_form: (&'static str, &'static str),
    country: &'static str,
    street: String,
    postal_code: String,
    city: String,
    industry: (&'static str, &'static str),
    registered: String,
    currency: &'static str,
    /// Latest year, whole units of `currency`.
    turnover: i64,
    share_capital: i64,
    people: Vec<Person>,
    /// Name, organization number, share in hundredths of a percent.
    corporate_shareholder: Option<(String, String, u32)>,
    subsidiaries: Vec<(String, String, u32)>,
    auditor: (String, Option<String>),
    accountant: Option<(String, Option<String>)>,
    /// Index into `people` of a holder of procuration (prokura), acting alone.
    procura: Option<usize>,
    sanction: Option<Sanction>,
    source: &'static str,
    seed: u64,
}

const YEARS: [u16; 3] = [2024, 2023, 2022];

fn build(spec: Spec) -> OrganizationResult {
    let address = |street: &str, postal_code: &str, city: &str| PostalAddress {
        street: street.into(),
        postal_code: postal_code.into(),
        city: city.into(),
        country: spec.country.into(),
    };
    let visiting = address(&spec.street, &spec.postal_code, &spec.city);
    let postal = address(
        &format!("Box {}", 100 + spec.seed % 9000),
        &spec.postal_code,
        &spec.city,
    );

    let accounting: Vec<AccountingYear> = YEARS
        .iter()
        .enumerate()
        .map(|(i, &year)| {
            let turnover = spec.turnover * (100 - 8 * i as i64) / 100;
            let operating_profit = turnover * (7 + (spec.seed % 5) as i64) / 100;
            let net_income = operating_profit * 78 / 100;
            let equity = spec.share_capital + turnover * (30 - 4 * i as i64) / 100;
            AccountingYear {
                year,
                period_start: format!("{year}-01-01"),
                period_end: format!("{year}-12-31"),
                currency: spec.currency.into(),
                turnover,
                operating_profit,
                net_income,
                total_assets: equity + turnover * 35 / 100,
                equity,
                number_of_employees: (turnover / 1_400_000).max(1) as u32,
            }
        })
        .collect();
    let latest = &accounting[0];
    let key_figures = KeyFigures {
        accounting_year: latest.year,
        currency: spec.currency.into(),
        share_capital: spec.share_capital,
        turnover: latest.turnover,
        operating_profit: latest.operating_profit,
        equity: latest.equity,
        earnings: latest.net_income,
        sources: vec![spec.source.into()],
    };
    let financials = Financials {
        key_figures: Some(key_figures),
        auditor: Some(Auditor {
            name: spec.auditor.0.clone(),
            organization_number: spec.auditor.1.clone(),
            sources: vec![spec.source.into()],
        }),
        accountant: spec.accountant.as_ref().map(|(name, number)| Accountant {
            name: name.clone(),
            organization_number: number.clone(),
        }),
        accounting,
    };

    let role_name = |role: RoleType| {
        serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let owners: Vec<&Person> = spec.people.iter().filter(|p| p.share > 0).collect();
    let beneficials = owners
        .iter()
        .enumerate()
        .map(|(i, p)| BeneficialOwner {
            name: p.name.clone(),
            date_of_birth: p.born.clone(),
            address: Some(PostalAddress {
                street: format!(
                    "{} {}",
                    ["Storgatan", "Parkvägen", "Kyrkogatan", "Skolgatan"][i % 4],
                    3 + i * 7
                ),
                postal_code: spec.postal_code.clone(),
                city: p.city.clone(),
                country: spec.country.into(),
            }),
            owner_share: Percent::from_basis_points(p.share),
            roles: std::iter::once("DIRECT_OWNERSHIP".to_owned())
                .chain(p.roles.iter().map(|r| role_name(*r)))
                .collect(),
        })
        .collect();
    let mut shareholders: Vec<Shareholder> = owners
        .iter()
        .map(|p| Shareholder {
            name: p.name.clone(),
            organization_number: None,
            percentage: Percent::from_basis_points(p.share),
            kind: ShareholderType::Person,
        })
        .collect();
    if let Some((name, number, share)) = &spec.corporate_shareholder {
        shareholders.push(Shareholder {
            name: name.clone(),
            organization_number: Some(number.clone()),
            percentage: Percent::from_basis_points(*share),
            kind: ShareholderType::Organization,
        });
    }
    let traced: u32 = shareholders.iter().map(|s| s.percentage.basis_points).sum();
    let subsidiaries: Vec<Subsidiary> = spec
        .subsidiaries
        .iter()
        .map(|(name, number, share)| Subsidiary {
            name: name.clone(),
            organization_number: number.clone(),
            percentage: Percent::from_basis_points(*share),
        })
        .collect();
    let indicators = OwnershipIndicators {
        number_of_shareholders: shareholders.len() as u32,
        number_of_beneficial_owners: owners.len() as u32,
        number_of_subsidiaries: subsidiaries.len() as u32,
        ownership_levels: if spec.corporate_shareholder.is_some() {
            2
        } else {
            1
        },
        foreign_shareholders: 0,
        unknown_ownership: Percent::from_basis_points(10_000u32.saturating_sub(traced)),
    };

    let signatory = |p: &Person| Signatory {
        name: p.name.clone(),
        personal_identity_number: p.pin.clone(),
        date_of_birth: Some(p.born.clone()),
    };
    let board: Vec<&Person> = spec
        .people
        .iter()
        .filter(|p| p.roles.iter().any(|r| r.on_board()))
        .collect();
    let words = RegisterWords::of(spec.country);
    let mut signature_rights = vec![AuthorityRule {
        description: words.board.into(),
        combinations: vec![board.iter().map(|p| signatory(p)).collect()],
    }];
    let mut pairs = Vec::new();
    for (i, a) in board.iter().enumerate() {
        for b in &board[i + 1..] {
            pairs.push(vec![signatory(a), signatory(b)]);
        }
    }
    signature_rights.push(AuthorityRule {
        description: words.two_members.into(),
        combinations: pairs,
    });
    if let Some(ceo) = spec
        .people
        .iter()
        .find(|p| p.roles.contains(&RoleType::Ceo))
    {
        signature_rights.push(AuthorityRule {
            description: words.ceo.into(),
            combinations: vec![vec![signatory(ceo)]],
        });
    }
    let procuration = spec
        .procura
        .map(|i| AuthorityRule {
            description: words.procuration.replace("{name}", &spec.people[i].name),
            combinations: vec![vec![signatory(&spec.people[i])]],
        })
        .into_iter()
        .collect();

    let official_roles = spec
        .people
        .iter()
        .flat_map(|p| {
            p.roles.iter().map(|&role| OfficialRole {
                role,
                name: p.name.clone(),
                date_of_birth: p.born.clone(),
                personal_identity_number: p.pin.clone(),
                from_date: p.since.clone(),
            })
        })
        .collect();

    OrganizationResult {
        key_information: KeyInformation {
            name: spec.name,
            organization_number: spec.organization_number,
            duns: spec.duns,
            lei: Some(lei(spec.seed)),
            legal_form: LegalForm {
                code: spec.legal_form.0.into(),
                description: spec.legal_form.1.into(),
            },
            status: "ACTIVE".into(),
            registration_date: spec.registered,
            country: spec.country.into(),
            industry: Industry {
                code: spec.industry.0.into(),
                description: spec.industry.1.into(),
            },
        },
        address: Some(Addresses {
            registered: Some(visiting.clone()),
            visiting: Some(visiting),
            postal: Some(postal),
        }),
        financials: Some(financials),
        ownership: Some(Ownership {
            beneficials: Some(beneficials),
            subsidiaries: Some(subsidiaries),
            shareholders: Some(shareholders),
            indicators: Some(indicators),
        }),
        authorities: Some(protocol::provider::aml::Authorities {
            signature_rights,
            procuration,
        }),
        official_roles: Some(official_roles),
        sanction: Some(spec.sanction.unwrap_or_else(no_hit)),
        links: None,
    }
}

fn no_hit() -> Sanction {
    Sanction {
        status: SanctionStatus::NoHit,
        message: Some("No match in the OFAC SDN list".into()),
        match_indicator: None,
        match_indicator_description: None,
        alias_list: Vec::new(),
        address: None,
        source: Some("OFAC SDN".into()),
        data_provider: Some(
            "Office of Foreign Assets Control (OFAC), U.S. Department of the Treasury".into(),
        ),
        initial_date: None,
        last_update: Some("2025-01-15".into()),
        urls: Vec::new(),
    }
}

/// An ISO 17442 LEI: the sandbox's four-character prefix, fourteen characters from `seed`, and
/// two check digits making the whole number 1 modulo 97.
pub fn lei(seed: u64) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut body = String::from("5493");
    let mut n = seed;
    for _ in 0..14 {
        body.push(char::from(ALPHABET[(n % 36) as usize]));
        n = (n / 36) ^ (n << 7) ^ 0x9E37_79B9;
    }
    let remainder = format!("{body}00").chars().fold(0u32, |r, c| {
        let value = c.to_digit(36).unwrap_or(0);
        if value >= 10 {
            (r * 100 + value) % 97
        } else {
            (r * 10 + value) % 97
        }
    });
    format!("{body}{:02}", 98 - remainder)
}

fn nordvik() -> OrganizationResult {
    use RoleType::*;
    build(Spec {
        name: "Nordvik Industri AB".into(),
        organization_number: Some("5560360793".into()),
        duns: None,
        legal_form: ("AB", "Aktiebolag"),
        country: "SE",
        street: "Lindholmsallén 12".into(),
        postal_code: "417 55".into(),
        city: "Göteborg".into(),
        industry: ("28290", "Manufacture of other general-purpose machinery"),
        registered: "1987-03-02".into(),
        currency: "SEK",
        turnover: 184_300_000,
        share_capital: 1_000_000,
        people: vec![
            person(
                "Anna Lindqvist",
                "1965-04-12",
                Some("196504122380"),
                &[Chairman],
                4000,
                "2015-05-20",
                "Göteborg",
            ),
            person(
                "Erik Sandberg",
                "1972-08-30",
                Some("197208304159"),
                &[Ceo, BoardMember],
                3500,
                "2018-01-01",
                "Kungälv",
            ),
            person(
                "Maria Holm",
                "1980-11-19",
                Some("198011191726"),
                &[BoardMember],
                2500,
                "2020-06-11",
                "Mölndal",
            ),
            person(
                "Birgitta Berg",
                "1958-02-03",
                Some("195802033646"),
                &[DeputyBoardMember],
                0,
                "2020-06-11",
                "Göteborg",
            ),
            person(
                "Lennart Sjöberg",
                "1962-07-17",
                Some("196207171395"),
                &[ContactPerson],
                0,
                "2019-09-01",
                "Göteborg",
            ),
        ],
        corporate_shareholder: None,
        subsidiaries: vec![("Nordvik Service AB".into(), "5561234567".into(), 10_000)],
        auditor: ("Revisionsbyrån Väst AB".into(), Some("5569876542".into())),
        accountant: Some((
            "Ekonomihuset i Göteborg AB".into(),
            Some("5598765435".into()),
        )),
        procura: Some(4),
        sanction: None,
        source: "Bolagsverket",
        seed: 5_560_360_793,
    })
}

fn kaspian() -> OrganizationResult {
    use RoleType::*;
    build(Spec {
        name: "Kaspian Trading AB".into(),
        organization_number: Some("5566778899".into()),
        duns: None,
        legal_form: ("AB", "Aktiebolag"),
        country: "SE",
        street: "Hamngatan 7".into(),
        postal_code: "111 47".into(),
        city: "Stockholm".into(),
        industry: ("46900", "Non-specialised wholesale trade"),
        registered: "2011-09-14".into(),
        currency: "SEK",
        turnover: 62_750_000,
        share_capital: 50_000,
        people: vec![
            person(
                "Daniel Roos",
                "1991-12-25",
                Some("199112256277"),
                &[Chairman, Ceo],
                5000,
                "2019-02-01",
                "Stockholm",
            ),
            person(
                "Mikael Strand",
                "1977-06-07",
                Some("197706070534"),
                &[BoardMember],
                3000,
                "2019-02-01",
                "Solna",
            ),
            person(
                "Peter Wall",
                "1969-09-21",
                Some("196909214816"),
                &[BoardMember],
                2000,
                "2021-03-15",
                "Nacka",
            ),
        ],
        corporate_shareholder: None,
        subsidiaries: Vec::new(),
        auditor: ("Revisorerna Öst AB".into(), Some("5569876542".into())),
        accountant: None,
        procura: None,
        sanction: Some(Sanction {
            status: SanctionStatus::Hit,
            message: None,
            match_indicator: Some(92),
            match_indicator_description: Some("Strong match on name, alias and address".into()),
            alias_list: vec![
                "Caspian Trading Company".into(),
                "KTC Handel AB".into(),
                "Kaspian Trade & Shipping".into(),
            ],
            address: Some("Hamngatan 7, 111 47 Stockholm, Sweden".into()),
            source: Some("OFAC SDN".into()),
            data_provider: Some(
                "Office of Foreign Assets Control (OFAC), U.S. Department of the Treasury".into(),
            ),
            initial_date: Some("2022-04-06".into()),
            last_update: Some("2024-11-18".into()),
            urls: vec!["https://sanctionssearch.ofac.treas.gov/".into()],
        }),
        source: "Bolagsverket",
        seed: 5_566_778_899,
    })
}

fn fjordlys() -> OrganizationResult {
    use RoleType::*;
    build(Spec {
        name: "Fjordlys Teknologi AS".into(),
        organization_number: Some("923609016".into()),
        duns: None,
        legal_form: ("AS", "Aksjeselskap"),
        country: "NO",
        street: "Strandkaien 4".into(),
        postal_code: "5013".into(),
        city: "Bergen".into(),
        industry: ("62010", "Computer programming activities"),
        registered: "2019-10-08".into(),
        currency: "NOK",
        turnover: 48_900_000,
        share_capital: 30_000,
        people: vec![
            person(
                "Ingrid Solberg",
                "1971-03-15",
                Some("15037149680"),
                &[Chairman],
                4500,
                "2019-10-08",
                "Bergen",
            ),
            person(
                "Silje Haugen",
                "1984-08-02",
                Some("02088431637"),
                &[Ceo, BoardMember],
                3000,
                "2019-10-08",
                "Bergen",
            ),
            person(
                "Ola Nilsen",
                "1965-02-28",
                Some("28026512729"),
                &[BoardMember],
                0,
                "2022-05-30",
                "Os",
            ),
            person(
                "Hanne Lie",
                "1990-09-11",
                Some("11099028477"),
                &[DeputyBoardMember],
                0,
                "2023-06-01",
                "Bergen",
            ),
        ],
        corporate_shareholder: Some(("Vestland Vekst AS".into(), "987654325".into(), 2500)),
        subsidiaries: vec![("Fjordlys Drift AS".into(), "998877660".into(), 6000)],
        auditor: ("Revisjon Vest AS".into(), Some("812345672".into())),
        accountant: Some(("Regnskapskontoret Bergen AS".into(), None)),
        procura: None,
        sanction: None,
        source: "Brønnøysundregistrene",
        seed: 923_609_016,
    })
}

fn baltic_harbour() -> OrganizationResult {
    use RoleType::*;
    build(Spec {
        name: "Baltic Harbour Logistics Ltd".into(),
        organization_number: None,
        duns: Some("150483782".into()),
        legal_form: ("LTD", "Private limited company"),
        country: "GB",
        street: "14 Harbour Exchange Square".into(),
        postal_code: "E14 9GE".into(),
        city: "London".into(),
        industry: ("52290", "Other transportation support activities"),
        registered: "2008-06-23".into(),
        currency: "GBP",
        turnover: 27_400_000,
        share_capital: 100_000,
        people: vec![
            person(
                "James Whitfield",
                "1970-05-14",
                None,
                &[Chairman],
                3400,
                "2008-06-23",
                "London",
            ),
            person(
                "Sofia Ek",
                "1983-03-14",
                Some("198303142965"),
                &[Ceo, BoardMember],
                3300,
                "2016-02-01",
                "London",
            ),
            person(
                "Priya Raman",
                "1985-09-02",
                None,
                &[BoardMember, CompanySecretary],
                3300,
                "2017-11-20",
                "Croydon",
            ),
        ],
        corporate_shareholder: None,
        subsidiaries: vec![(
            "Baltic Harbour Sverige AB".into(),
            "5561234567".into(),
            10_000,
        )],
        auditor: ("Thames Audit LLP".into(), None),
        accountant: None,
        procura: None,
        sanction: None,
        source: "Companies House",
        seed: 150_483_782,
    })
}

/// FNV-1a: stable across runs and platforms.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The Luhn check digit for the digits before it.
fn luhn_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A valid Swedish personnummer (12 digits) for a birth date; the serial's last digit is odd
/// for a man.
fn personnummer(year: u32, month: u32, day: u32, serial: u32) -> String {
    let head = format!("{:02}{month:02}{day:02}{serial:03}", year % 100);
    format!("{}{head}{}", year / 100, luhn_digit(&head))
}

fn mod11(digits: &str, weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check),
    }
}

/// A valid Norwegian fødselsnummer for a birth date in the 1900s (individual numbers 000–499),
/// trying individual numbers from `individual` until both check digits exist.
fn fodselsnummer(year: u32, month: u32, day: u32, mut individual: u32) -> String {
    loop {
        let head = format!("{day:02}{month:02}{:02}{:03}", year % 100, individual % 500);
        if let Some(k1) = mod11(&head, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) {
            let with_k1 = format!("{head}{k1}");
            if let Some(k2) = mod11(&with_k1, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) {
                return format!("{with_k1}{k2}");
            }
        }
        individual += 2; // keeps the parity, and so the sex, of the individual number
    }
}

/// What made-up companies and people are named from.
struct Words {
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    trades: &'static [&'static str],
    /// City and a postal code in it.
    cities: &'static [(&'static str, &'static str)],
    women: &'static [&'static str],
    men: &'static [&'static str],
    surnames: &'static [&'static str],
}

const SWEDISH: Words = Words {
    prefixes: &[
        "Norr", "Sol", "Berg", "Ek", "Hav", "Fjäll", "Ljung", "Stor", "Lind", "Ås",
    ],
    suffixes: &[
        "vik", "dal", "ström", "berg", "holm", "lund", "näs", "by", "sjö", "ängen",
    ],
    trades: &[
        "Konsult",
        "Bygg",
        "Teknik",
        "Handel",
        "Logistik",
        "Design",
        "Fastigheter",
        "Invest",
        "Data",
        "Energi",
    ],
    cities: &[
        ("Stockholm", "111 20"),
        ("Göteborg", "411 04"),
        ("Malmö", "211 20"),
        ("Uppsala", "753 20"),
        ("Umeå", "903 26"),
    ],
    women: &["Anna", "Eva", "Karin", "Sara", "Lena", "Emma"],
    men: &["Lars", "Johan", "Anders", "Per", "Mikael", "Nils"],
    surnames: &[
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Larsson",
        "Lundgren",
        "Berglund",
    ],
};

const NORWEGIAN: Words = Words {
    prefixes: &[
        "Nord", "Sol", "Fjell", "Hav", "Skog", "Vest", "Øst", "Lys", "Berg", "Elve",
    ],
    suffixes: &[
        "vik", "dal", "heim", "berg", "holm", "lund", "nes", "by", "sjø", "li",
    ],
    trades: &[
        "Konsult",
        "Bygg",
        "Teknologi",
        "Handel",
        "Logistikk",
        "Design",
        "Eiendom",
        "Invest",
        "Data",
        "Energi",
    ],
    cities: &[
        ("Oslo", "0150"),
        ("Bergen", "5003"),
        ("Trondheim", "7011"),
        ("Stavanger", "4006"),
        ("Tromsø", "9008"),
    ],
    women: &["Ingrid", "Kari", "Silje", "Hanne", "Marte", "Nora"],
    men: &["Ola", "Lars", "Jonas", "Henrik", "Magnus", "Knut"],
    surnames: &[
        "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Bakken", "Dahl",
    ],
};

/// The signing rules as a register words them, in its own language: Bolagsverket's for a
/// Swedish company, Brønnøysundregistrene's for a Norwegian one, English elsewhere.
struct RegisterWords {
    board: &'static str,
    two_members: &'static str,
    ceo: &'static str,
    /// `{name}` stands for the holder's.
    procuration: &'static str,
}

impl RegisterWords {
    fn of(country: &str) -> Self {
        match country {
            "SE" => Self {
                board: "Firman tecknas av styrelsen",
                two_members: "Firman tecknas av två styrelseledamöter i förening",
                ceo: "Verkställande direktören tecknar firman beträffande löpande förvaltningsåtgärder",
                procuration: "Prokura: {name} ensam",
            },
            "NO" => Self {
                board: "Styret i fellesskap",
                two_members: "To styremedlemmer i fellesskap",
                ceo: "Daglig leder alene, innenfor den daglige ledelsen",
                procuration: "Prokura: {name} alene",
            },
            _ => Self {
                board: "The board of directors",
                two_members: "Two board members jointly",
                ceo: "The CEO alone, for the day-to-day administration",
                procuration: "Procuration: {name} alone",
            },
        }
    }
}

/// A clean company derived from the number, the same every time.
fn generic(identifier: &Identifier) -> OrganizationResult {
    let digits = identifier.digits();
    let h = fnv(digits);
    let pick = |shift: u32, n: usize| ((h >> shift) as usize) % n;
    let norwegian = matches!(identifier, Identifier::Norwegian(_));
    let Words {
        prefixes,
        suffixes,
        trades,
        cities,
        women,
        men,
        surnames,
    } = if norwegian { NORWEGIAN } else { SWEDISH };
    const INDUSTRIES: [(&str, &str); 10] = [
        (
            "70220",
            "Business and other management consultancy activities",
        ),
        (
            "41200",
            "Construction of residential and non-residential buildings",
        ),
        (
            "71120",
            "Engineering activities and related technical consultancy",
        ),
        ("46900", "Non-specialised wholesale trade"),
        ("52290", "Other transportation support activities"),
        ("74100", "Specialised design activities"),
        (
            "68200",
            "Renting and operating of own or leased real estate",
        ),
        ("64300", "Trusts, funds and similar financial entities"),
        ("62010", "Computer programming activities"),
        ("35140", "Trade of electricity"),
    ];
    let trade = pick(8, trades.len());
    let (legal_form, suffix) = if norwegian {
        (("AS", "Aksjeselskap"), "AS")
    } else {
        (("AB", "Aktiebolag"), "AB")
    };
    let name = format!(
        "{}{} {} {suffix}",
        prefixes[pick(0, 10)],
        suffixes[pick(4, 10)],
        trades[trade]
    );
    let (city, postal_code) = cities[pick(12, cities.len())];

    let shares = {
        let a = 3000 + (h >> 16) as u32 % 2000;
        let b = 2500 + (h >> 24) as u32 % 1000;
        [a, b, 10_000 - a - b]
    };
    let roles: [&[RoleType]; 3] = [
        &[RoleType::Chairman],
        &[RoleType::Ceo, RoleType::BoardMember],
        &[RoleType::BoardMember],
    ];
    let people = (0..3u32)
        .map(|i| {
            let bits = h.rotate_left(13 * (i + 1)) as u32;
            let (year, month, day) = (
                1950 + bits % 45,
                1 + (bits >> 6) % 12,
                1 + (bits >> 10) % 28,
            );
            let serial = 100 + (bits >> 15) % 800;
            let male = serial % 2 == 1;
            let pin = if norwegian {
                fodselsnummer(year, month, day, serial % 500)
            } else {
                personnummer(year, month, day, serial)
            };
            let first = if male {
                men[(bits >> 20) as usize % men.len()]
            } else {
                women[(bits >> 20) as usize % women.len()]
            };
            let surname = surnames[(bits >> 24) as usize % surnames.len()];
            Person {
                name: format!("{first} {surname}"),
                born: format!("{year:04}-{month:02}-{day:02}"),
                pin: Some(pin),
                roles: roles[i as usize].to_vec(),
                share: shares[i as usize],
                since: format!(
                    "{}-{:02}-01",
                    2005 + (bits >> 27) % 18,
                    1 + (bits >> 3) % 12
                ),
                city: city.into(),
            }
        })
        .collect();
    let registered_year = 1990 + (h >> 32) % 30;
    let (organization_number, duns) = match identifier {
        Identifier::Duns(d) => (None, Some(d.clone())),
        other => (Some(other.digits().to_owned()), None),
    };
    build(Spec {
        name,
        organization_number,
        duns,
        legal_form,
        country: if norwegian { "NO" } else { "SE" },
        street: format!(
            "{} {}",
            if norwegian {
                "Kongens gate"
            } else {
                "Drottninggatan"
            },
            1 + pick(36, 80)
        ),
        postal_code: postal_code.into(),
        city: city.into(),
        industry: INDUSTRIES[trade],
        registered: format!(
            "{registered_year}-{:02}-{:02}",
            1 + pick(40, 12),
            1 + pick(44, 28)
        ),
        currency: if norwegian { "NOK" } else { "SEK" },
        turnover: 2_000_000 + (h >> 20) as i64 % 150_000_000,
        share_capital: if norwegian { 30_000 } else { 25_000 },
        people,
        corporate_shareholder: None,
        subsidiaries: Vec::new(),
        auditor: (
            if norwegian {
                "Revisjonspartner AS".into()
            } else {
                "Revisionsbyrån i Sverige AB".into()
            },
            None,
        ),
        accountant: None,
        procura: None,
        sanction: None,
        source: if norwegian {
            "Brønnøysundregistrene"
        } else {
            "Bolagsverket"
        },
        seed: h,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_identity_numbers_are_valid() {
        for seed in ["5561234567", "987654325", "123456789", "5569876542"] {
            let identifier = Identifier::parse(seed).unwrap();
            for role in generic(&identifier).official_roles.unwrap() {
                let pin = role.personal_identity_number.unwrap();
                let ok = match pin.len() {
                    12 => identity::swedish_personnummer(&pin, 2026).is_ok(),
                    _ => identity::norwegian_fodselsnummer(&pin).is_ok(),
                };
                assert!(ok, "{pin}");
            }
        }
    }

    #[test]
    fn leis_are_twenty_characters_and_check_mod_97() {
        for seed in [0, 1, 5_560_360_793, u64::MAX] {
            let lei = lei(seed);
            assert_eq!(lei.len(), 20);
            let remainder = lei.chars().fold(0u32, |r, c| {
                let value = c.to_digit(36).unwrap();
                if value >= 10 {
                    (r * 100 + value) % 97
                } else {
                    (r * 10 + value) % 97
                }
            });
            assert_eq!(remainder, 1, "{lei}");
        }
    }

    #[test]
    fn identifiers_are_read_by_their_shape() {
        assert_eq!(
            Identifier::parse("556036-0793").unwrap(),
            Identifier::Swedish("5560360793".into())
        );
        assert_eq!(
            Identifier::parse("923 609 016").unwrap(),
            Identifier::Norwegian("923609016".into())
        );
        assert_eq!(
            Identifier::parse("15-048-3782").unwrap(),
            Identifier::Duns("150483782".into())
        );
        assert!(Identifier::parse("5560360794").is_err());
        assert!(Identifier::parse("12345").is_err());
    }
}
