//! The onboarding provider's results, as the widget shows them once the application is
//! submitted: the person or the organization, its signers and board, documents and accounts.
//! Never the screening (PEP and sanction hits): the server keeps it for the partner, and were
//! it sent, it would not be read.

use protocol::api::onboarding::{CurrentResults, ResultsView};
use protocol::provider::onboarding::{
    Address, BankAccount, BankAccountType, Document, Identifier, Organization,
    OrganizationContactDetails, Party, PartyType, Person, RegistrationAuthority, Signer,
};

use super::session::application_status;
use super::{unknown, Object, Read};

pub fn current_results(object: &Object) -> Read<CurrentResults> {
    Ok(CurrentResults {
        results: object.optional("results", results_view)?,
    })
}

fn results_view(object: &Object) -> Read<ResultsView> {
    Ok(ResultsView {
        status: application_status(object)?,
        person: object.optional("person", person)?,
        organization: object.optional("organization", organization)?,
        organization_contact: object.optional("organizationContact", organization_contact)?,
        signing_combinations: party_groups(object, "signingCombinations")?,
        signed_by: object.each("signedBy", signer)?,
        board_members: party_groups(object, "boardMembers")?,
        documents: object.each("documents", document)?,
        bank_accounts: object.each("bankAccounts", bank_account)?,
    })
}

fn party_groups(object: &Object, name: &str) -> Read<Vec<Vec<Party>>> {
    object
        .object_groups(name)?
        .iter()
        .map(|group| group.iter().map(party).collect())
        .collect()
}

fn person(object: &Object) -> Read<Person> {
    Ok(Person {
        first_name: object.string("firstName")?,
        last_name: object.string("lastName")?,
        email: object.string("email")?,
        phone_number: object.string("phoneNumber")?,
        personal_identity_number: object.optional("personalIdentityNumber", identifier)?,
        date_of_birth: object.optional_string("dateOfBirth")?,
        coordination_number: object.optional("coordinationNumber", identifier)?,
        address: object.optional("address", address)?,
        pep_hits: Vec::new(),
        sanction_hits: Vec::new(),
    })
}

fn organization(object: &Object) -> Read<Organization> {
    Ok(Organization {
        organization_name: object.string("organizationName")?,
        organization_number: identifier(&object.object("organizationNumber")?)?,
        legal_type: object.string("legalType")?,
        foundation_date: object.optional_string("foundationDate")?,
        registration_date: object.optional_string("registrationDate")?,
        addresses: object.each("addresses", address)?,
        company_status: object.optional_string("companyStatus")?,
        number_of_employees_interval: object.optional_string("numberOfEmployeesInterval")?,
        industry_codes: object.strings("industryCodes")?,
        business_activity: object.optional_string("businessActivity")?,
        registration_authority: object.optional("registrationAuthority", |authority| {
            Ok(RegistrationAuthority {
                authority: authority.string("authority")?,
                country: authority.string("country")?,
            })
        })?,
        sanction_hits: Vec::new(),
    })
}

fn organization_contact(object: &Object) -> Read<OrganizationContactDetails> {
    Ok(OrganizationContactDetails {
        first_name: object.string("firstName")?,
        last_name: object.string("lastName")?,
        email: object.string("email")?,
        phone_number: object.string("phoneNumber")?,
    })
}

fn party(object: &Object) -> Read<Party> {
    let kind = object.string("type")?;
    Ok(Party {
        kind: PartyType::parse(&kind).ok_or_else(|| unknown("type", &kind))?,
        name: object.string("name")?,
        roles: object.strings("roles")?,
        personal_identity_number: object.optional("personalIdentityNumber", identifier)?,
        organization_identifier: object.optional("organizationIdentifier", identifier)?,
        has_admin_rights: object.optional_bool("hasAdminRights")?,
        pep_hits: Vec::new(),
        sanction_hits: Vec::new(),
    })
}

fn signer(object: &Object) -> Read<Signer> {
    Ok(Signer {
        name: object.string("name")?,
        personal_identity_number: object.optional("personalIdentityNumber", identifier)?,
        pep_hits: Vec::new(),
        sanction_hits: Vec::new(),
    })
}

fn identifier(object: &Object) -> Read<Identifier> {
    Ok(Identifier {
        id: object.string("id")?,
        issuing_country: object.string("issuingCountry")?,
    })
}

fn address(object: &Object) -> Read<Address> {
    Ok(Address {
        kind: object.optional_string("type")?,
        address_line1: object.string("addressLine1")?,
        address_line2: object.optional_string("addressLine2")?,
        postal_code: object.string("postalCode")?,
        city: object.string("city")?,
        country: object.string("country")?,
        region: object.optional_string("region")?,
    })
}

fn document(object: &Object) -> Read<Document> {
    Ok(Document {
        id: object.string("id")?,
        name: object.string("name")?,
        document_type: object.string("type")?,
        context: object.string("context")?,
        content_type: object.string("contentType")?,
        size: object.u64("size")?,
        created_at: object.string("createdAt")?,
        download_url: object.string("downloadUrl")?,
        uploaded_by: object.string("uploadedBy")?,
    })
}

fn bank_account(object: &Object) -> Read<BankAccount> {
    let kind = object.string("type")?;
    Ok(BankAccount {
        kind: BankAccountType::parse(&kind).ok_or_else(|| unknown("type", &kind))?,
        clearing_number: object.optional_string("clearingNumber")?,
        account_number: object.optional_string("accountNumber")?,
        bic: object.optional_string("bic")?,
        iban: object.optional_string("iban")?,
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::provider::onboarding::{HitSource, PepHit, PepRole, SanctionHit};
    use protocol::ApplicationStatus;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::{parse, read_back};

    fn identifier() -> Option<Identifier> {
        Some(Identifier {
            id: "19901210****".into(),
            issuing_country: "SE".into(),
        })
    }

    fn address(kind: Option<&str>) -> Address {
        Address {
            kind: kind.map(Into::into),
            address_line1: "Storgatan 1".into(),
            address_line2: kind.map(|_| "Floor 2".into()),
            postal_code: "11122".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
            region: kind.map(|_| "Stockholm".into()),
        }
    }

    fn source() -> HitSource {
        HitSource {
            name: "EU".into(),
            link: "https://example.com/list".into(),
        }
    }

    fn pep_hit() -> PepHit {
        PepHit {
            name: "Ada".into(),
            personal_identity_number: identifier(),
            date_of_birth: Some("1990-12-10".into()),
            gender: Some("F".into()),
            pep_country: "SE".into(),
            roles: vec![PepRole {
                active: true,
                category: "PEP".into(),
                detailed_category: "Minister".into(),
                description: "Minister of Finance".into(),
                from_date: "2020-01-01".into(),
                to_date: Some("2022-01-01".into()),
            }],
            source: source(),
        }
    }

    fn sanction_hit(full: bool) -> SanctionHit {
        let some = |text: &str| full.then(|| text.to_owned());
        let list = |text: &str| some(text).into_iter().collect();
        SanctionHit {
            name: "Acme".into(),
            akas: list("Acme Ltd"),
            aliases: list("A"),
            gender: some("F"),
            date_of_births: list("1990-12-10"),
            citizenships: list("SE"),
            connected_countries: list("NO"),
            legal_basis: some("Regulation 1"),
            website: some("https://acme.example"),
            address: full.then(|| address(None)),
            source: source(),
            listed_date: "2021-01-01".into(),
        }
    }

    fn party(kind: PartyType, full: bool) -> Party {
        Party {
            kind,
            name: "Ada".into(),
            roles: vec!["BOARD_MEMBER".into()],
            personal_identity_number: identifier().filter(|_| full),
            organization_identifier: identifier().filter(|_| !full),
            has_admin_rights: full.then_some(true),
            pep_hits: full.then(pep_hit).into_iter().collect(),
            sanction_hits: vec![sanction_hit(full)],
        }
    }

    fn everything() -> ResultsView {
        ResultsView {
            status: ApplicationStatus::ManualReview,
            person: Some(Person {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                email: "ada@example.com".into(),
                phone_number: "+46701234567".into(),
                personal_identity_number: identifier(),
                date_of_birth: Some("1990-12-10".into()),
                coordination_number: identifier(),
                address: Some(address(None)),
                pep_hits: vec![pep_hit()],
                sanction_hits: vec![sanction_hit(true), sanction_hit(false)],
            }),
            organization: Some(Organization {
                organization_name: "Acme AB".into(),
                organization_number: identifier().unwrap(),
                legal_type: "AB".into(),
                foundation_date: Some("2001-01-01".into()),
                registration_date: Some("2001-02-01".into()),
                addresses: vec![address(Some("VISITING")), address(Some("POSTAL"))],
                company_status: Some("ACTIVE".into()),
                number_of_employees_interval: Some("10-19".into()),
                industry_codes: vec!["62010".into()],
                business_activity: Some("Software".into()),
                registration_authority: Some(RegistrationAuthority {
                    authority: "Bolagsverket".into(),
                    country: "SE".into(),
                }),
                sanction_hits: vec![sanction_hit(false)],
            }),
            organization_contact: Some(OrganizationContactDetails {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                email: "ada@example.com".into(),
                phone_number: "+46701234567".into(),
            }),
            signing_combinations: vec![
                vec![
                    party(PartyType::Person, true),
                    party(PartyType::Organization, false),
                ],
                vec![],
            ],
            signed_by: vec![Signer {
                name: "Ada".into(),
                personal_identity_number: identifier(),
                pep_hits: vec![pep_hit()],
                sanction_hits: vec![],
            }],
            board_members: vec![vec![party(PartyType::Person, false)]],
            documents: vec![Document {
                id: "d-1".into(),
                name: "id.png".into(),
                document_type: "IDENTITY_DOCUMENT".into(),
                context: "PERSON".into(),
                content_type: "image/png".into(),
                size: 1234,
                created_at: "2024-01-31T12:00:00Z".into(),
                download_url: "/documents/d-1".into(),
                uploaded_by: "applicant".into(),
            }],
            bank_accounts: vec![
                BankAccount {
                    kind: BankAccountType::SwedenDomestic,
                    clearing_number: Some("8327".into()),
                    account_number: Some("****1234".into()),
                    bic: None,
                    iban: None,
                },
                BankAccount {
                    kind: BankAccountType::Iban,
                    clearing_number: None,
                    account_number: None,
                    bic: Some("SWEDSESS".into()),
                    iban: Some("SE45****7466".into()),
                },
            ],
        }
    }

    #[wasm_bindgen_test]
    fn reads_the_results_as_serde_json_writes_them() {
        let none = CurrentResults { results: None };
        assert_eq!(read_back(&none, current_results), Ok(none));
        let bare = CurrentResults {
            results: Some(ResultsView {
                status: ApplicationStatus::Approved,
                person: None,
                organization: None,
                organization_contact: None,
                signing_combinations: vec![],
                signed_by: vec![],
                board_members: vec![],
                documents: vec![],
                bank_accounts: vec![],
            }),
        };
        assert_eq!(read_back(&bare, current_results), Ok(bare));
        let full = CurrentResults {
            results: Some(everything().without_screening()),
        };
        assert_eq!(read_back(&full, current_results), Ok(full.clone()));
        // Sent by mistake, the screening is still not read.
        let screened = CurrentResults {
            results: Some(everything()),
        };
        assert_eq!(read_back(&screened, current_results), Ok(full));
        let newer = r#"{"results":{"status":"APPROVED","bankAccounts":[{"type":"BANKGIRO"}]}}"#;
        assert!(current_results(&parse(newer).unwrap()).is_err());
    }
}
