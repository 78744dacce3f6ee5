//! Onboarding's answers: the workflow with the answers saved so far (each answer also as the
//! draft a step keeps in the tab), a scan, and the organization's screening.

use std::collections::BTreeMap;

use protocol::api::onboarding::{
    AddressKind, BeneficialOwnerView, CurrentScreening, OnboardingView, OrganizationProfile,
    ProfileAddress, RoleView, ScanView, ScreeningState, ScreeningView, SigningCombinationView,
};
use protocol::api::ObjectJson;
use protocol::onboarding::{
    Answers, ContactDetails, DocumentType, IdentifierType, IdentityDocument,
    OrganizationConfirmation, OrganizationContact, PersonalDetails, PostalAddress, SigningChoice,
    SigningRule, Step, Subject, TaxResidence, TaxResidences, Workflow,
};

use super::{unknown, Object, Read};

pub fn onboarding_view(object: &Object) -> Read<OnboardingView> {
    Ok(OnboardingView {
        workflow: workflow(&object.object("workflow")?)?,
        answers: answers(&object.object("answers")?)?,
        scans: object.each("scans", scan_view)?,
        submitted: object.bool("submitted")?,
        drafts: drafts(object)?,
    })
}

/// A step this build does not know, or a draft that is no object, is left out. Inserted one by
/// one: collecting would sort them, and the sort's code is more than the map's.
fn drafts(object: &Object) -> Read<BTreeMap<Step, ObjectJson>> {
    let mut drafts = BTreeMap::new();
    for (step, draft) in object.member_objects_json("drafts")? {
        if let Some(step) = Step::parse(&step) {
            drafts.insert(step, ObjectJson(draft));
        }
    }
    Ok(drafts)
}

fn workflow(object: &Object) -> Read<Workflow> {
    let subject = object.string("subject")?;
    let subject = Subject::parse(&subject).ok_or_else(|| unknown("subject", &subject))?;
    let steps = object.strings("steps")?;
    Ok(Workflow {
        workflow_id: object.string("workflowId")?,
        subject,
        steps: steps
            .iter()
            .map(|step| Step::parse(step).ok_or_else(|| unknown("steps", step)))
            .collect::<Read<_>>()?,
        bank_connection: object.bool("bankConnection")?,
    })
}

fn answers(object: &Object) -> Read<Answers> {
    Ok(Answers {
        personal_details: object.optional("personalDetails", personal_details)?,
        contact_details: object.optional("contactDetails", contact_details)?,
        address: object.optional("address", postal_address)?,
        tax_residence: object.optional("taxResidence", tax_residences)?,
        identity_document: object.optional("identityDocument", identity_document)?,
        organization: object.optional("organization", organization)?,
        signing: object.optional("signing", signing)?,
        organization_contact: object.optional("organizationContact", organization_contact)?,
    })
}

pub fn personal_details(object: &Object) -> Read<PersonalDetails> {
    Ok(PersonalDetails {
        first_name: object.string("firstName")?,
        last_name: object.string("lastName")?,
        date_of_birth: object.string("dateOfBirth")?,
        identity_number: object.string("identityNumber")?,
    })
}

pub fn contact_details(object: &Object) -> Read<ContactDetails> {
    Ok(ContactDetails {
        email: object.string("email")?,
        phone_number: object.string("phoneNumber")?,
    })
}

pub fn postal_address(object: &Object) -> Read<PostalAddress> {
    Ok(PostalAddress {
        address_line1: object.string("addressLine1")?,
        address_line2: object.string_or_empty("addressLine2")?,
        postal_code: object.string("postalCode")?,
        city: object.string("city")?,
        country: object.string("country")?,
    })
}

pub fn tax_residences(object: &Object) -> Read<TaxResidences> {
    Ok(TaxResidences {
        residences: object.each("residences", |residence| {
            Ok(TaxResidence {
                country: residence.string("country")?,
                tax_number: residence.string("taxNumber")?,
            })
        })?,
    })
}

pub fn identity_document(object: &Object) -> Read<IdentityDocument> {
    let kind = object.string("documentType")?;
    Ok(IdentityDocument {
        document_type: DocumentType::ALL
            .into_iter()
            .find(|known| known.as_str() == kind)
            .ok_or_else(|| unknown("documentType", &kind))?,
        number: object.string("number")?,
        issuing_country: object.string("issuingCountry")?,
        issue_date: object.string("issueDate")?,
        expiry_date: object.string("expiryDate")?,
        scan_id: object.string("scanId")?,
        back_scan_id: object.string_or_empty("backScanId")?,
    })
}

pub fn organization(object: &Object) -> Read<OrganizationConfirmation> {
    Ok(OrganizationConfirmation {
        identifier_type: identifier_type(object)?,
        organization_number: object.string("organizationNumber")?,
        confirmed: object.bool("confirmed")?,
    })
}

fn identifier_type(object: &Object) -> Read<IdentifierType> {
    let kind = object.string("identifierType")?;
    IdentifierType::parse(&kind).ok_or_else(|| unknown("identifierType", &kind))
}

pub fn signing(object: &Object) -> Read<SigningChoice> {
    Ok(SigningChoice {
        combination: object.optional_u32("combination")?,
    })
}

pub fn organization_contact(object: &Object) -> Read<OrganizationContact> {
    Ok(OrganizationContact {
        first_name: object.string("firstName")?,
        last_name: object.string("lastName")?,
        email: object.string("email")?,
        phone_number: object.string("phoneNumber")?,
    })
}

pub fn scan_view(object: &Object) -> Read<ScanView> {
    Ok(ScanView {
        id: object.string("id")?,
        content_type: object.string("contentType")?,
        size: object.u64("size")?,
        file_name: object.string_or_empty("fileName")?,
    })
}

pub fn current_screening(object: &Object) -> Read<CurrentScreening> {
    Ok(CurrentScreening {
        screening: object.optional("screening", screening_view)?,
    })
}

pub fn screening_view(object: &Object) -> Read<ScreeningView> {
    Ok(ScreeningView {
        state: screening_state(object)?,
        organization_number: object.string("organizationNumber")?,
        profile: object.optional("profile", organization_profile)?,
    })
}

/// The `state` field, as a screening and its event name it.
pub fn screening_state(object: &Object) -> Read<ScreeningState> {
    let state = object.string("state")?;
    ScreeningState::parse(&state).ok_or_else(|| unknown("state", &state))
}

fn organization_profile(object: &Object) -> Read<OrganizationProfile> {
    Ok(OrganizationProfile {
        name: object.string("name")?,
        organization_number: object.string("organizationNumber")?,
        lei: object.optional_string("lei")?,
        legal_form: object.string("legalForm")?,
        status: object.string("status")?,
        registration_date: object.string("registrationDate")?,
        addresses: object.each("addresses", |address| {
            let kind = address.string("kind")?;
            Ok(ProfileAddress {
                kind: AddressKind::parse(&kind).ok_or_else(|| unknown("kind", &kind))?,
                line: address.string("line")?,
            })
        })?,
        beneficial_owners: object.each("beneficialOwners", |owner| {
            Ok(BeneficialOwnerView {
                name: owner.string("name")?,
                share_basis_points: owner.u32("shareBasisPoints")?,
                roles: owner.strings("roles")?,
            })
        })?,
        official_roles: object.each("officialRoles", |role| {
            Ok(RoleView {
                role: role.string("role")?,
                name: role.string("name")?,
            })
        })?,
        signing_combinations: object.each("signingCombinations", |combination| {
            Ok(SigningCombinationView {
                description: combination.string("description")?,
                description_language: combination.optional_string("descriptionLanguage")?,
                rule: signing_rule(&combination.object("rule")?)?,
                signers: combination.strings("signers")?,
            })
        })?,
    })
}

fn signing_rule(rule: &Object) -> Read<SigningRule> {
    let kind = rule.string("kind")?;
    Ok(match kind.as_str() {
        "WHOLE_BOARD" => SigningRule::WholeBoard,
        "BOARD_MEMBERS" => SigningRule::BoardMembers {
            count: rule.u32("count")?,
        },
        "CHIEF_EXECUTIVE" => SigningRule::ChiefExecutive,
        "ALONE" => SigningRule::Alone,
        "JOINTLY" => SigningRule::Jointly {
            count: rule.u32("count")?,
        },
        _ => return Err(unknown("kind", &kind)),
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::{parse, read_back};

    fn answered() -> Answers {
        Answers {
            personal_details: Some(PersonalDetails {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                date_of_birth: "1990-12-10".into(),
                identity_number: "199012102386".into(),
            }),
            contact_details: Some(ContactDetails {
                email: "ada@example.com".into(),
                phone_number: "+46701234567".into(),
            }),
            address: Some(PostalAddress {
                address_line1: "Storgatan 1".into(),
                address_line2: String::new(),
                postal_code: "11122".into(),
                city: "Stockholm".into(),
                country: "SE".into(),
            }),
            tax_residence: Some(TaxResidences {
                residences: vec![TaxResidence {
                    country: "SE".into(),
                    tax_number: "199012102386".into(),
                }],
            }),
            identity_document: Some(IdentityDocument {
                document_type: DocumentType::NationalIdCard,
                number: "AB123".into(),
                issuing_country: "SE".into(),
                issue_date: "2020-01-01".into(),
                expiry_date: "2030-01-01".into(),
                scan_id: "scan-1".into(),
                back_scan_id: "scan-2".into(),
            }),
            organization: Some(OrganizationConfirmation {
                identifier_type: IdentifierType::Duns,
                organization_number: "123456789".into(),
                confirmed: true,
            }),
            signing: Some(SigningChoice {
                combination: Some(2),
            }),
            organization_contact: Some(OrganizationContact {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                email: "ada@example.com".into(),
                phone_number: "+46701234567".into(),
            }),
        }
    }

    #[wasm_bindgen_test]
    fn reads_the_onboarding_as_serde_json_writes_it() {
        let scan = ScanView {
            id: "scan-1".into(),
            content_type: "image/png".into(),
            size: 5 * 1024 * 1024,
            file_name: "id.png".into(),
        };
        let back = ScanView {
            id: "scan-2".into(),
            file_name: "id back.jpg".into(),
            ..scan.clone()
        };
        // In serde_json's order of keys (sorted), which its writer gives the server's drafts.
        let typed = r#"{"confirmed":true,"firstName":"Ann","residences":[{"country":"SE"}]}"#;
        let drafts = [(Step::PersonalDetails, ObjectJson(typed.into()))].into();
        let views = [
            (Subject::Person, Answers::default(), vec![], false, drafts),
            (
                Subject::Organization,
                answered(),
                vec![back, scan.clone()],
                true,
                Default::default(),
            ),
        ];
        for (subject, answers, scans, submitted, drafts) in views {
            let view = OnboardingView {
                workflow: Workflow {
                    workflow_id: "kyc".into(),
                    subject,
                    steps: Step::ALL.to_vec(),
                    bank_connection: submitted,
                },
                answers,
                scans,
                submitted,
                drafts,
            };
            assert_eq!(read_back(&view, onboarding_view), Ok(view));
        }
        assert_eq!(read_back(&scan, scan_view), Ok(scan));
        let unnamed = r#"{"id":"s","contentType":"image/png","size":1}"#;
        assert_eq!(scan_view(&parse(unnamed).unwrap()).unwrap().file_name, "");
        let newer =
            r#"{"workflowId":"w","subject":"PERSON","steps":["video"],"bankConnection":false}"#;
        assert!(workflow(&parse(newer).unwrap()).is_err());
    }

    #[wasm_bindgen_test]
    fn reads_an_answer_before_its_choices_are_made() {
        let unsigned = SigningChoice::default();
        assert_eq!(read_back(&unsigned, signing), Ok(unsigned));
        let document = IdentityDocument::default();
        assert_eq!(read_back(&document, identity_document), Ok(document));
        let unconfirmed = OrganizationConfirmation::default();
        assert_eq!(read_back(&unconfirmed, organization), Ok(unconfirmed));
    }

    #[wasm_bindgen_test]
    fn reads_the_screening_as_serde_json_writes_it() {
        assert_eq!(
            read_back(&CurrentScreening { screening: None }, current_screening),
            Ok(CurrentScreening { screening: None })
        );
        let profile = |lei: Option<&str>| OrganizationProfile {
            name: "Acme AB".into(),
            organization_number: "5560000000".into(),
            lei: lei.map(Into::into),
            legal_form: "AB".into(),
            status: "ACTIVE".into(),
            registration_date: "2001-01-01".into(),
            addresses: vec![ProfileAddress {
                kind: AddressKind::Postal,
                line: "Box 1, 111 11 Stockholm".into(),
            }],
            beneficial_owners: vec![BeneficialOwnerView {
                name: "Ada".into(),
                share_basis_points: 2550,
                roles: vec!["OWNER".into()],
            }],
            official_roles: vec![RoleView {
                role: "CEO".into(),
                name: "Ada".into(),
            }],
            signing_combinations: [
                SigningRule::WholeBoard,
                SigningRule::BoardMembers { count: 2 },
                SigningRule::ChiefExecutive,
                SigningRule::Alone,
                SigningRule::Jointly { count: 3 },
            ]
            .into_iter()
            .map(|rule| SigningCombinationView {
                description: "Firman tecknas av styrelsen".into(),
                description_language: lei.map(|_| "sv".into()),
                rule,
                signers: vec!["Ada".into(), "Bob".into()],
            })
            .collect(),
        };
        let screenings = [
            (ScreeningState::Pending, None),
            (ScreeningState::Ready, Some(profile(None))),
            (ScreeningState::Failed, Some(profile(Some("LEI123")))),
        ];
        for (state, profile) in screenings {
            let current = CurrentScreening {
                screening: Some(ScreeningView {
                    state,
                    organization_number: "5560000000".into(),
                    profile,
                }),
            };
            assert_eq!(read_back(&current, current_screening), Ok(current.clone()));
            let view = current.screening.unwrap();
            assert_eq!(read_back(&view, screening_view), Ok(view));
        }
    }
}
