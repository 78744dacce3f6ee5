//! Writes a person's collected KYC data to the bank's KYC records (docs/providers.md): the
//! customer, their address, tax residences, the identity document with its scan, and a status on
//! the timeline. Every write can be repeated: a retried submit finds what the first one wrote.

use protocol::onboarding::{
    Answers, ContactDetails, IdentityDocument, PersonalDetails, PostalAddress, TaxResidences,
};
use protocol::provider::kyc_records::{
    CreateCustomerAddressRequest, CreateCustomerRequest, CreateTaxResidenceRequest,
    PostKycDocument, PostKycMedia, PostKycStatus,
};

use crate::providers::{KycRecordsClient, ProviderError};

/// The parts of a person's answers the records need, all present (the submit checked).
pub struct PersonRecord<'a> {
    pub details: &'a PersonalDetails,
    pub contact: &'a ContactDetails,
    pub address: Option<&'a PostalAddress>,
    pub tax: Option<&'a TaxResidences>,
    pub document: Option<&'a IdentityDocument>,
}

impl<'a> PersonRecord<'a> {
    pub fn of(answers: &'a Answers) -> Option<Self> {
        Some(Self {
            details: answers.personal_details.as_ref()?,
            contact: answers.contact_details.as_ref()?,
            address: answers.address.as_ref(),
            tax: answers.tax_residence.as_ref(),
            document: answers.identity_document.as_ref(),
        })
    }
}

/// A side of the identity document, as each provider names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Front,
    Back,
}

impl Side {
    /// The KYC media's `type`. The front keeps the type it always had, so the bank's earlier
    /// records and a retried submit's read the same.
    fn media_type(self) -> &'static str {
        match self {
            Self::Front => "DOCUMENT_SCAN",
            Self::Back => "DOCUMENT_SCAN_BACK",
        }
    }

    /// The onboarding provider's document `context`.
    pub fn context(self) -> &'static str {
        match self {
            Self::Front => "DOCUMENT_FRONT",
            Self::Back => "DOCUMENT_BACK",
        }
    }
}

/// A scan of one side of the identity document, where the bank can fetch it.
pub struct ScanLink<'a> {
    pub side: Side,
    /// The scan's id, which is also its KYC media id: a retried submit replaces, never adds.
    pub id: &'a str,
    pub url: &'a str,
}

fn midnight(day: &str) -> String {
    format!("{}T00:00:00Z", day.trim())
}

/// Records the person under `customer_number` (the application's id), with the identity
/// document's `scans`, one KYC media each. Returns the bank's customer id.
pub async fn write(
    kyc: &KycRecordsClient,
    customer_number: &str,
    person: &PersonRecord<'_>,
    scans: &[ScanLink<'_>],
    now: &str,
) -> Result<String, ProviderError> {
    let customer = kyc
        .create_customer(&CreateCustomerRequest {
            customer_number: customer_number.to_owned(),
            legal_name: format!(
                "{} {}",
                person.details.first_name.trim(),
                person.details.last_name.trim()
            ),
            mobile_phone_number: person.contact.phone_number.clone(),
            email: person.contact.email.trim().to_owned(),
            date_of_birth: midnight(&person.details.date_of_birth),
            ..Default::default()
        })
        .await?;
    let id = &customer.customer_id;
    if let Some(address) = person.address {
        let existing = kyc.addresses(id).await?;
        if existing.addresses.is_empty() {
            kyc.add_address(
                id,
                &CreateCustomerAddressRequest {
                    line_1: address.address_line1.trim().to_owned(),
                    line_2: address.address_line2.trim().to_owned(),
                    line_3: String::new(),
                    city: address.city.trim().to_owned(),
                    county: String::new(),
                    state: String::new(),
                    postcode: address.postal_code.trim().to_owned(),
                    country_code: address.country.trim().to_owned(),
                    tags: vec!["home".into()],
                    status: "OK".into(),
                },
            )
            .await?;
        }
    }
    if let Some(tax) = person.tax {
        let existing = kyc.tax_residences(id).await?;
        for residence in &tax.residences {
            let recorded = existing
                .tax_residence
                .iter()
                .any(|r| r.domain == residence.country);
            if !recorded {
                let request = CreateTaxResidenceRequest {
                    domain: residence.country.trim().to_owned(),
                    tax_number: residence.tax_number.trim().to_owned(),
                };
                kyc.add_tax_residence(id, &request).await?;
            }
        }
    }
    if let Some(document) = person.document {
        let document_id = format!("{customer_number}-identity-document");
        let request = PostKycDocument {
            customer_number: customer_number.to_owned(),
            kind: document.document_type.as_str().to_owned(),
            number: document.number.trim().to_owned(),
            issue_date: midnight(&document.issue_date),
            issue_place: document.issuing_country.clone(),
            expiry_date: midnight(&document.expiry_date),
        };
        kyc.put_kyc_document(id, &document_id, &request).await?;
        // OBP's media call takes one media: one call per side, told apart by `type`.
        for scan in scans {
            let media = PostKycMedia {
                customer_number: customer_number.to_owned(),
                kind: scan.side.media_type().into(),
                url: scan.url.to_owned(),
                date: now.to_owned(),
                relates_to_kyc_document_id: document_id.clone(),
                relates_to_kyc_check_id: String::new(),
            };
            kyc.put_kyc_media(id, scan.id, &media).await?;
        }
    }
    // Not yet OK: the provider's review decides.
    let status = PostKycStatus {
        customer_number: customer_number.to_owned(),
        ok: false,
        date: now.to_owned(),
    };
    kyc.put_kyc_status(id, &status).await?;
    Ok(customer.customer_id)
}
