//! The bank's KYC records API (docs/providers.md; Open Bank Project v3.1.0, tag KYC): customers,
//! their addresses and tax residences (`obp/v3.1.0/banks/{BANK_ID}/customers/...`), and KYC
//! documents, media, checks and the status timeline (`obp/v2.0.0/...`). Field names are OBP's
//! snake_case; dates are RFC 3339 strings such as `2017-09-19T00:00:00Z`.

use serde::{Deserialize, Serialize};

/// The OBP "roles" a call needs; the sandbox grants them as OAuth scopes.
pub const ROLE_CREATE_CUSTOMER: &str = "CanCreateCustomer";
pub const ROLE_GET_CUSTOMER: &str = "CanGetCustomer";
pub const ROLE_CREATE_CUSTOMER_ADDRESS: &str = "CanCreateCustomerAddress";
pub const ROLE_GET_CUSTOMER_ADDRESS: &str = "CanGetCustomerAddress";
pub const ROLE_DELETE_CUSTOMER_ADDRESS: &str = "CanDeleteCustomerAddress";
pub const ROLE_CREATE_TAX_RESIDENCE: &str = "CanCreateTaxResidence";
pub const ROLE_GET_TAX_RESIDENCE: &str = "CanGetTaxResidence";
pub const ROLE_DELETE_TAX_RESIDENCE: &str = "CanDeleteTaxResidence";
pub const ROLE_ADD_KYC_DOCUMENT: &str = "CanAddKycDocument";
pub const ROLE_GET_KYC_DOCUMENTS: &str = "CanGetKycDocuments";
pub const ROLE_ADD_KYC_MEDIA: &str = "CanAddKycMedia";
pub const ROLE_GET_KYC_MEDIA: &str = "CanGetKycMedia";
pub const ROLE_ADD_KYC_CHECK: &str = "CanAddKycCheck";
pub const ROLE_GET_KYC_CHECKS: &str = "CanGetKycChecks";
pub const ROLE_ADD_KYC_STATUS: &str = "CanAddKycStatus";
pub const ROLE_GET_KYC_STATUSES: &str = "CanGetKycStatuses";

/// Every role of this API, in the order the endpoints are listed.
pub const ALL_ROLES: &[&str] = &[
    ROLE_CREATE_CUSTOMER,
    ROLE_GET_CUSTOMER,
    ROLE_CREATE_CUSTOMER_ADDRESS,
    ROLE_GET_CUSTOMER_ADDRESS,
    ROLE_DELETE_CUSTOMER_ADDRESS,
    ROLE_CREATE_TAX_RESIDENCE,
    ROLE_GET_TAX_RESIDENCE,
    ROLE_DELETE_TAX_RESIDENCE,
    ROLE_ADD_KYC_DOCUMENT,
    ROLE_GET_KYC_DOCUMENTS,
    ROLE_ADD_KYC_MEDIA,
    ROLE_GET_KYC_MEDIA,
    ROLE_ADD_KYC_CHECK,
    ROLE_GET_KYC_CHECKS,
    ROLE_ADD_KYC_STATUS,
    ROLE_GET_KYC_STATUSES,
];

/// `face_image` of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceImage {
    pub url: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRating {
    pub rating: String,
    pub source: String,
}

/// OBP's money: a decimal string and its currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountOfMoney {
    pub currency: String,
    pub amount: String,
}

/// `POST obp/v3.1.0/banks/{BANK_ID}/customers`. The bank keys customers by `customer_number`:
/// creating the same number again answers the existing customer.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateCustomerRequest {
    pub customer_number: String,
    pub legal_name: String,
    #[serde(default)]
    pub mobile_phone_number: String,
    #[serde(default)]
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_image: Option<FaceImage>,
    pub date_of_birth: String,
    #[serde(default)]
    pub relationship_status: String,
    #[serde(default)]
    pub dependants: u32,
    #[serde(default)]
    pub dob_of_dependants: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_rating: Option<CreditRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<AmountOfMoney>,
    #[serde(default)]
    pub highest_education_attained: String,
    #[serde(default)]
    pub employment_status: String,
    #[serde(default)]
    pub kyc_status: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ok_date: Option<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub branch_id: String,
    #[serde(default)]
    pub name_suffix: String,
}

/// A customer as the bank answers it (`Get Customer by CUSTOMER_NUMBER`). OBP spells the last
/// two fields in camelCase, and so do we.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub bank_id: String,
    pub customer_id: String,
    pub customer_number: String,
    pub legal_name: String,
    #[serde(default)]
    pub mobile_phone_number: String,
    #[serde(default)]
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_image: Option<FaceImage>,
    pub date_of_birth: String,
    #[serde(default)]
    pub relationship_status: String,
    #[serde(default)]
    pub dependants: u32,
    #[serde(default)]
    pub dob_of_dependants: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_rating: Option<CreditRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<AmountOfMoney>,
    #[serde(default)]
    pub highest_education_attained: String,
    #[serde(default)]
    pub employment_status: String,
    pub kyc_status: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ok_date: Option<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default, rename = "branchId")]
    pub branch_id: String,
    #[serde(default, rename = "nameSuffix")]
    pub name_suffix: String,
}

/// `POST .../customers/customer-number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerNumberRequest {
    pub customer_number: String,
}

/// `POST .../customers/{CUSTOMER_ID}/address`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateCustomerAddressRequest {
    pub line_1: String,
    #[serde(default)]
    pub line_2: String,
    #[serde(default)]
    pub line_3: String,
    pub city: String,
    #[serde(default)]
    pub county: String,
    #[serde(default)]
    pub state: String,
    pub postcode: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// For example `mailing`, `home`.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAddress {
    pub customer_address_id: String,
    pub customer_id: String,
    pub line_1: String,
    #[serde(default)]
    pub line_2: String,
    #[serde(default)]
    pub line_3: String,
    pub city: String,
    #[serde(default)]
    pub county: String,
    #[serde(default)]
    pub state: String,
    pub postcode: String,
    pub country_code: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: String,
    pub insert_date: String,
}

/// `GET .../customers/{CUSTOMER_ID}/addresses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAddresses {
    pub addresses: Vec<CustomerAddress>,
}

/// `POST .../customers/{CUSTOMER_ID}/tax-residence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateTaxResidenceRequest {
    /// The taxing country, ISO 3166-1 alpha-2 in Onboard's use.
    pub domain: String,
    pub tax_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxResidence {
    pub domain: String,
    pub tax_number: String,
    pub tax_residence_id: String,
}

/// Both the add and the list answer every tax residence of the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxResidences {
    pub tax_residence: Vec<TaxResidence>,
}

/// What OBP's deletes answer: `{"jsonString":"{}"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    #[serde(rename = "jsonString")]
    pub json_string: String,
}

impl Default for Deleted {
    fn default() -> Self {
        Self {
            json_string: "{}".into(),
        }
    }
}

/// `PUT obp/v2.0.0/banks/{BANK_ID}/customers/{CUSTOMER_ID}/kyc_documents/{KYC_DOCUMENT_ID}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostKycDocument {
    pub customer_number: String,
    /// For example `passport`, `driving_licence`, `national_id`.
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
    pub issue_date: String,
    #[serde(default)]
    pub issue_place: String,
    pub expiry_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycDocument {
    pub bank_id: String,
    pub customer_id: String,
    pub id: String,
    pub customer_number: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
    pub issue_date: String,
    #[serde(default)]
    pub issue_place: String,
    pub expiry_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycDocuments {
    pub documents: Vec<KycDocument>,
}

/// `PUT .../kyc_media/{KYC_MEDIA_ID}`: a scan or picture, by URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostKycMedia {
    pub customer_number: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    pub date: String,
    #[serde(default)]
    pub relates_to_kyc_document_id: String,
    #[serde(default)]
    pub relates_to_kyc_check_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycMedia {
    pub bank_id: String,
    pub customer_id: String,
    pub id: String,
    pub customer_number: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    pub date: String,
    #[serde(default)]
    pub relates_to_kyc_document_id: String,
    #[serde(default)]
    pub relates_to_kyc_check_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycMediaList {
    pub medias: Vec<KycMedia>,
}

/// `PUT .../kyc_check/{KYC_CHECK_ID}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostKycCheck {
    pub customer_number: String,
    pub date: String,
    pub how: String,
    #[serde(default)]
    pub staff_user_id: String,
    #[serde(default)]
    pub staff_name: String,
    pub satisfied: bool,
    #[serde(default)]
    pub comments: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycCheck {
    pub bank_id: String,
    pub customer_id: String,
    pub id: String,
    pub customer_number: String,
    pub date: String,
    pub how: String,
    #[serde(default)]
    pub staff_user_id: String,
    #[serde(default)]
    pub staff_name: String,
    pub satisfied: bool,
    #[serde(default)]
    pub comments: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycChecks {
    pub checks: Vec<KycCheck>,
}

/// `PUT .../kyc_statuses`: one more point on the customer's KYC timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostKycStatus {
    pub customer_number: String,
    pub ok: bool,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycStatus {
    pub customer_id: String,
    pub customer_number: String,
    pub ok: bool,
    pub date: String,
}

/// The timeline, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycStatuses {
    pub statuses: Vec<KycStatus>,
}

/// OBP's error body: the HTTP status again, and `OBP-NNNNN: text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObpError {
    pub code: u16,
    pub message: String,
}

impl ObpError {
    /// The `OBP-NNNNN` part of the message, if it has one.
    pub fn obp_code(&self) -> Option<&str> {
        self.message
            .split_once(':')
            .map(|(code, _)| code)
            .filter(|code| code.starts_with("OBP-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_customer() {
        let json = r#"{ "bank_id":"bankid1234", "customer_id":"123", "customer_number":"123", "legal_name":"legal_name", "mobile_phone_number":"123", "email":"contact@tesobe.com", "face_image":{ "url":"www.openbankproject", "date":"2017-09-19T00:00:00Z" }, "date_of_birth":"2017-09-19T00:00:00Z", "relationship_status":"123", "dependants":123, "dob_of_dependants":["2017-09-19T00:00:00Z"], "credit_rating":{ "rating":"OBP", "source":"OBP" }, "credit_limit":{ "currency":"EUR", "amount":"10" }, "highest_education_attained":"123", "employment_status":"123", "kyc_status":true, "last_ok_date":"2017-09-19T00:00:00Z", "title":"Dr.", "branchId":"12314", "nameSuffix":"Sr" }"#;
        let customer: Customer = serde_json::from_str(json).unwrap();
        assert_eq!(customer.branch_id, "12314");
        assert_eq!(customer.credit_limit.unwrap().amount, "10");
        assert!(customer.kyc_status);
    }

    #[test]
    fn parses_the_documented_lists() {
        let addresses: CustomerAddresses = serde_json::from_str(r#"{ "addresses":[{ "customer_address_id":"5995d6a2-01b3-423c-a173-5481df49bdaf", "customer_id":"36f8a9e6-c2b1-407a-8bd0-421b7119307e", "line_1":"No 1 the Road", "line_2":"The Place", "line_3":"The Hill", "city":"Berlin", "county":"", "state":"Brandenburg", "postcode":"13359", "country_code":"DE", "tags":["mailing","home"], "status":"OK", "insert_date":"2017-09-19T00:00:00Z" }] }"#).unwrap();
        assert_eq!(addresses.addresses[0].tags, ["mailing", "home"]);
        let tax: TaxResidences = serde_json::from_str(r#"{ "tax_residence":[{ "domain":"Enter some domain", "tax_number":"Enter some number", "tax_residence_id":"902ba3bb-dedd-45e7-9319-2fd3f2cd98a1" }] }"#).unwrap();
        assert_eq!(tax.tax_residence.len(), 1);
        let media: KycMediaList = serde_json::from_str(r#"{ "medias":[{ "bank_id":"P", "customer_id":"P", "id":"P", "customer_number":"P", "type":"P", "url":"P", "date":"2017-09-19T00:00:00Z", "relates_to_kyc_document_id":"P", "relates_to_kyc_check_id":"P" }] }"#).unwrap();
        assert_eq!(media.medias[0].kind, "P");
        let statuses: KycStatuses = serde_json::from_str(r#"{ "statuses":[{ "customer_id":"P", "customer_number":"P", "ok":true, "date":"2017-09-19T00:00:00Z" }] }"#).unwrap();
        assert!(statuses.statuses[0].ok);
        let deleted: Deleted = serde_json::from_str(r#"{ "jsonString":"{}" }"#).unwrap();
        assert_eq!(deleted, Deleted::default());
    }

    #[test]
    fn documents_name_their_kind_type() {
        let doc = KycDocument {
            bank_id: "b".into(),
            customer_id: "c".into(),
            id: "d".into(),
            customer_number: "n".into(),
            kind: "passport".into(),
            number: "X1".into(),
            issue_date: "2020-01-01T00:00:00Z".into(),
            issue_place: "Stockholm".into(),
            expiry_date: "2030-01-01T00:00:00Z".into(),
        };
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["type"], "passport");
        assert!(json.get("kind").is_none());
    }

    #[test]
    fn error_bodies_carry_the_obp_code() {
        let error: ObpError = serde_json::from_str(
            r#"{"code": 400, "message": "OBP-10001: Incorrect json format."}"#,
        )
        .unwrap();
        assert_eq!(error.obp_code(), Some("OBP-10001"));
        assert_eq!(
            ObpError {
                code: 500,
                message: "boom".into()
            }
            .obp_code(),
            None
        );
    }
}
