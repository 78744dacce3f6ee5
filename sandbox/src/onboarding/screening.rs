//! The provider's PEP and sanction screening, driven by designated test identities so that
//! tests and demos are deterministic, and the decision it leads to.
//!
//! | identity | who | result |
//! | --- | --- | --- |
//! | personnummer `19780311-1934` | "Clark Kent" | sanction hit → DECLINED |
//! | personnummer `19820714-0024` | "Lois Lane" | PEP → MANUAL_REVIEW |
//! | organisationsnummer `556677-8899`... | see `crate::aml` | the AML screening's sanction hit |
//!
//! Everyone else is clean → APPROVED.

use protocol::provider::onboarding::{
    ApplicationSubmission, HitSource, Identifier, PepHit, PepRole, SanctionHit,
};
use protocol::ApplicationStatus;

pub const SANCTIONED_PERSON: &str = "197803111934";
pub const PEP_PERSON: &str = "198207140024";

fn sanction_hit(name: &str, birth: &str) -> SanctionHit {
    SanctionHit {
        name: name.to_owned(),
        akas: vec!["Mr. Kent".into()],
        aliases: vec![],
        gender: Some("Male".into()),
        date_of_births: vec![birth.to_owned()],
        citizenships: vec!["SE".into()],
        connected_countries: vec![],
        legal_basis: Some("terrorist".into()),
        website: None,
        address: None,
        source: HitSource { name: "EU".into(), link: "https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions".into() },
        listed_date: "1990-01-10".into(),
    }
}

fn pep_hit(name: &str, number: &str, birth: &str) -> PepHit {
    PepHit {
        name: name.to_owned(),
        personal_identity_number: Some(Identifier {
            id: number.to_owned(),
            issuing_country: "SE".into(),
        }),
        date_of_birth: Some(birth.to_owned()),
        gender: Some("Female".into()),
        pep_country: "SE".into(),
        roles: vec![PepRole {
            active: true,
            category: "Politician or government official".into(),
            detailed_category: "Member of Parliament".into(),
            description: "Member of the Riksdag".into(),
            from_date: "2018-09-24".into(),
            to_date: None,
        }],
        source: HitSource {
            name: "sandbox-pep-list".into(),
            link: "https://sandbox.invalid/pep".into(),
        },
    }
}

/// The hits for one identity number (12 digits for Swedes).
pub fn hits_for(
    number: Option<&Identifier>,
    name: &str,
    birth: Option<&str>,
) -> (Vec<PepHit>, Vec<SanctionHit>) {
    let birth = birth.unwrap_or_default();
    match number.map(|n| n.id.as_str()) {
        Some(SANCTIONED_PERSON) => (vec![], vec![sanction_hit(name, birth)]),
        Some(id @ PEP_PERSON) => (vec![pep_hit(name, id, birth)], vec![]),
        _ => (vec![], vec![]),
    }
}

/// Fills in the hits of every person in the submission. Organizations keep the hits the AML
/// screening already found (the submission carries them).
pub fn screen(submission: &mut ApplicationSubmission) {
    let person = &mut submission.person;
    let name = format!("{} {}", person.first_name, person.last_name);
    let number = person
        .personal_identity_number
        .as_ref()
        .or(person.coordination_number.as_ref());
    (person.pep_hits, person.sanction_hits) =
        hits_for(number, &name, person.date_of_birth.as_deref());
    for party in submission
        .signing_combinations
        .iter_mut()
        .chain(&mut submission.board_members)
        .flatten()
    {
        let (pep, sanctions) = hits_for(party.personal_identity_number.as_ref(), &party.name, None);
        party.pep_hits.extend(pep);
        party.sanction_hits.extend(sanctions);
    }
}

/// Any sanction hit declines; a PEP needs a person to look; else approved.
pub fn decide(submission: &ApplicationSubmission) -> ApplicationStatus {
    let parties = submission
        .signing_combinations
        .iter()
        .chain(&submission.board_members)
        .flatten();
    let mut sanctioned = !submission.person.sanction_hits.is_empty();
    let mut pep = !submission.person.pep_hits.is_empty();
    if let Some(organization) = &submission.organization {
        sanctioned |= !organization.sanction_hits.is_empty();
    }
    for party in parties {
        sanctioned |= !party.sanction_hits.is_empty();
        pep |= !party.pep_hits.is_empty();
    }
    if sanctioned {
        ApplicationStatus::Declined
    } else if pep {
        ApplicationStatus::ManualReview
    } else {
        ApplicationStatus::Approved
    }
}
