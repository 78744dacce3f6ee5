//! The AML screening's result, read two ways: as the applicant sees it to confirm (the
//! profile), and as the onboarding provider receives it with the submission.

use protocol::api::onboarding::{
    AddressKind, BeneficialOwnerView, OrganizationProfile, ProfileAddress, RoleView,
    SigningCombinationView,
};
use protocol::country::register_language;
use protocol::onboarding::SigningRule;
use protocol::provider::aml::{self, OrganizationResult, RoleType, SanctionStatus};
use protocol::provider::onboarding::{
    Address, HitSource, Identifier, Organization, Party, PartyType, SanctionHit,
};

fn one_line(address: &aml::PostalAddress) -> String {
    format!(
        "{}, {} {}, {}",
        address.street, address.postal_code, address.city, address.country
    )
}

fn role_code(role: RoleType) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Every signing combination, in the register's order (the applicant picks by index).
fn combinations(result: &OrganizationResult) -> impl Iterator<Item = (&str, &Vec<aml::Signatory>)> {
    result
        .authorities
        .iter()
        .flat_map(|authorities| &authorities.signature_rights)
        .flat_map(|rule| {
            rule.combinations
                .iter()
                .map(move |c| (rule.description.as_str(), c))
        })
}

/// The rule of a combination, from the roles the register gives its signers: a signer is
/// known by personal identity number where the register has one, else by name.
fn signing_rule(result: &OrganizationResult, signers: &[aml::Signatory]) -> SigningRule {
    let roles = result.official_roles.iter().flatten();
    let is = |signer: &aml::Signatory, role: &aml::OfficialRole| match (
        &signer.personal_identity_number,
        &role.personal_identity_number,
    ) {
        (Some(signer), Some(holder)) => signer == holder,
        _ => signer.name == role.name,
    };
    let held: Vec<Vec<RoleType>> = signers
        .iter()
        .map(|signer| {
            roles
                .clone()
                .filter(|role| is(signer, role))
                .map(|role| role.role)
                .collect()
        })
        .collect();
    let mut board: Vec<&str> = roles
        .filter(|role| role.role.on_board())
        .map(|role| {
            role.personal_identity_number
                .as_deref()
                .unwrap_or(&role.name)
        })
        .collect();
    board.sort_unstable();
    board.dedup();
    SigningRule::of(&held, board.len())
}

pub fn profile_of(result: &OrganizationResult) -> OrganizationProfile {
    let key = &result.key_information;
    let addresses = result.address.iter().flat_map(|a| {
        [
            (AddressKind::Visiting, &a.visiting),
            (AddressKind::Postal, &a.postal),
            (AddressKind::Registered, &a.registered),
        ]
    });
    OrganizationProfile {
        name: key.name.clone(),
        organization_number: key
            .organization_number
            .clone()
            .or_else(|| key.duns.clone())
            .unwrap_or_default(),
        lei: key.lei.clone(),
        legal_form: key.legal_form.description.clone(),
        status: key.status.clone(),
        registration_date: key.registration_date.clone(),
        addresses: addresses
            .filter_map(|(kind, address)| {
                let line = one_line(address.as_ref()?);
                Some(ProfileAddress { kind, line })
            })
            .collect(),
        beneficial_owners: result
            .ownership
            .iter()
            .flat_map(|o| o.beneficials.iter().flatten())
            .map(|owner| BeneficialOwnerView {
                name: owner.name.clone(),
                share_basis_points: owner.owner_share.basis_points,
                roles: owner.roles.clone(),
            })
            .collect(),
        official_roles: result
            .official_roles
            .iter()
            .flatten()
            .map(|role| RoleView {
                role: role_code(role.role),
                name: role.name.clone(),
            })
            .collect(),
        signing_combinations: combinations(result)
            .map(|(description, signers)| SigningCombinationView {
                description: description.to_owned(),
                description_language: register_language(&key.country).map(str::to_owned),
                rule: signing_rule(result, signers),
                signers: signers.iter().map(|s| s.name.clone()).collect(),
            })
            .collect(),
    }
}

fn address_of(kind: &str, address: &aml::PostalAddress) -> Address {
    Address {
        kind: Some(kind.to_owned()),
        address_line1: address.street.clone(),
        address_line2: None,
        postal_code: address.postal_code.clone(),
        city: address.city.clone(),
        country: address.country.clone(),
        region: None,
    }
}

/// The organization as `applications.organization.get` returns it, with the AML sanction hit.
pub fn organization_of(result: &OrganizationResult) -> Organization {
    let key = &result.key_information;
    let mut addresses = Vec::new();
    if let Some(found) = &result.address {
        addresses.extend(found.visiting.iter().map(|a| address_of("VISITING", a)));
        addresses.extend(found.postal.iter().map(|a| address_of("POSTAL", a)));
    }
    let sanction_hits = result
        .sanction
        .iter()
        .filter(|s| s.status == SanctionStatus::Hit)
        .map(|s| SanctionHit {
            name: key.name.clone(),
            akas: vec![],
            aliases: s.alias_list.clone(),
            gender: None,
            date_of_births: vec![],
            citizenships: vec![],
            connected_countries: vec![key.country.clone()],
            legal_basis: s.match_indicator_description.clone(),
            website: None,
            address: None,
            source: HitSource {
                name: s.source.clone().unwrap_or_else(|| "AML screening".into()),
                link: s.urls.first().cloned().unwrap_or_default(),
            },
            listed_date: s.initial_date.clone().unwrap_or_default(),
        })
        .collect();
    Organization {
        organization_name: key.name.clone(),
        organization_number: Identifier {
            id: key
                .organization_number
                .clone()
                .or_else(|| key.duns.clone())
                .unwrap_or_default(),
            issuing_country: key.country.clone(),
        },
        legal_type: key.legal_form.description.clone(),
        foundation_date: None,
        registration_date: Some(key.registration_date.clone()),
        addresses,
        company_status: Some(key.status.clone()),
        number_of_employees_interval: None,
        industry_codes: vec![key.industry.code.clone()],
        business_activity: Some(key.industry.description.clone()),
        registration_authority: None,
        sanction_hits,
    }
}

fn person(name: &str, number: Option<&str>, country: &str, roles: Vec<String>) -> Party {
    Party {
        kind: PartyType::Person,
        name: name.to_owned(),
        roles,
        personal_identity_number: number.map(|id| Identifier {
            id: id.to_owned(),
            issuing_country: country.to_owned(),
        }),
        organization_identifier: None,
        has_admin_rights: None,
        pep_hits: vec![],
        sanction_hits: vec![],
    }
}

/// The signing combinations; the one the applicant chose comes first and its signers get
/// admin rights.
pub fn signing_combinations_of(result: &OrganizationResult, chosen: usize) -> Vec<Vec<Party>> {
    let country = &result.key_information.country;
    let mut all: Vec<Vec<Party>> = combinations(result)
        .enumerate()
        .map(|(i, (description, signers))| {
            signers
                .iter()
                .map(|s| {
                    let mut party = person(
                        &s.name,
                        s.personal_identity_number.as_deref(),
                        country,
                        vec![description.to_owned()],
                    );
                    party.has_admin_rights = Some(i == chosen);
                    party
                })
                .collect()
        })
        .collect();
    if chosen < all.len() {
        let first = all.remove(chosen);
        all.insert(0, first);
    }
    all
}

/// The board (chair, members, deputies) as one group and management as another.
pub fn board_members_of(result: &OrganizationResult) -> Vec<Vec<Party>> {
    let country = &result.key_information.country;
    let (mut board, mut management) = (Vec::new(), Vec::new());
    for role in result.official_roles.iter().flatten() {
        let party = person(
            &role.name,
            role.personal_identity_number.as_deref(),
            country,
            vec![role_code(role.role)],
        );
        match role.role {
            RoleType::Chairman
            | RoleType::DeputyChairman
            | RoleType::BoardMember
            | RoleType::DeputyBoardMember => board.push(party),
            _ => management.push(party),
        }
    }
    [board, management]
        .into_iter()
        .filter(|group| !group.is_empty())
        .collect()
}
