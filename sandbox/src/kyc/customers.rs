//! OBP v3.1.0: `POST .../customers`, `POST .../customers/customer-number`, and a customer's
//! addresses and tax residences.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use protocol::onboarding::fields;
use protocol::provider::kyc_records::{
    CreateCustomerAddressRequest, CreateCustomerRequest, CreateTaxResidenceRequest, Customer,
    CustomerAddress, CustomerAddresses, CustomerNumberRequest, Deleted, TaxResidence,
    TaxResidences, ROLE_CREATE_CUSTOMER, ROLE_CREATE_CUSTOMER_ADDRESS, ROLE_CREATE_TAX_RESIDENCE,
    ROLE_DELETE_CUSTOMER_ADDRESS, ROLE_DELETE_TAX_RESIDENCE, ROLE_GET_CUSTOMER,
    ROLE_GET_CUSTOMER_ADDRESS, ROLE_GET_TAX_RESIDENCE,
};
use uuid::Uuid;

use super::{check_bank, parse, required, rfc3339, KycError, KycState};
use crate::clock::now_rfc3339 as now;

/// 201 with the new customer, or 200 with the existing one when the bank already has this
/// customer_number: creating is idempotent on the number.
pub async fn create(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path(bank_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Customer>), KycError> {
    state.authorize(&headers, ROLE_CREATE_CUSTOMER)?;
    check_bank(&bank_id)?;
    let request: CreateCustomerRequest = parse(&body)?;
    validate_customer(&request)?;
    let mut store = state.store();
    if let Some(existing) = store.by_number(&bank_id, &request.customer_number) {
        return Ok((StatusCode::OK, Json(existing.clone())));
    }
    let customer = Customer {
        bank_id,
        customer_id: Uuid::new_v4().to_string(),
        customer_number: request.customer_number,
        legal_name: request.legal_name,
        mobile_phone_number: request.mobile_phone_number,
        email: request.email,
        face_image: request.face_image,
        date_of_birth: request.date_of_birth,
        relationship_status: request.relationship_status,
        dependants: request.dependants,
        dob_of_dependants: request.dob_of_dependants,
        credit_rating: request.credit_rating,
        credit_limit: request.credit_limit,
        highest_education_attained: request.highest_education_attained,
        employment_status: request.employment_status,
        kyc_status: request.kyc_status,
        last_ok_date: request.last_ok_date,
        title: request.title,
        branch_id: request.branch_id,
        name_suffix: request.name_suffix,
    };
    store.insert(customer.clone());
    Ok((StatusCode::CREATED, Json(customer)))
}

fn validate_customer(request: &CreateCustomerRequest) -> Result<(), KycError> {
    required("customer_number", &request.customer_number)?;
    required("legal_name", &request.legal_name)?;
    rfc3339("date_of_birth", &request.date_of_birth)?;
    if !request.email.trim().is_empty() {
        fields::email(&request.email).map_err(|p| KycError::field("email", p.english()))?;
    }
    if let Some(image) = &request.face_image {
        rfc3339("face_image.date", &image.date)?;
    }
    for dob in &request.dob_of_dependants {
        rfc3339("dob_of_dependants", dob)?;
    }
    if let Some(date) = &request.last_ok_date {
        rfc3339("last_ok_date", date)?;
    }
    Ok(())
}

/// `POST .../customers/customer-number`, body `{"customer_number": ...}`.
pub async fn by_number(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path(bank_id): Path<String>,
    body: Bytes,
) -> Result<Json<Customer>, KycError> {
    state.authorize(&headers, ROLE_GET_CUSTOMER)?;
    check_bank(&bank_id)?;
    let request: CustomerNumberRequest = parse(&body)?;
    required("customer_number", &request.customer_number)?;
    let store = state.store();
    let customer = store
        .by_number(&bank_id, &request.customer_number)
        .ok_or(KycError::CustomerNumberNotFound)?;
    Ok(Json(customer.clone()))
}

pub async fn add_address(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<CustomerAddress>), KycError> {
    state.authorize(&headers, ROLE_CREATE_CUSTOMER_ADDRESS)?;
    check_bank(&bank_id)?;
    state.store().record(Some(&bank_id), &customer_id)?;
    let request: CreateCustomerAddressRequest = parse(&body)?;
    required("line_1", &request.line_1)?;
    required("city", &request.city)?;
    required("postcode", &request.postcode)?;
    fields::country(&request.country_code).map_err(|_| {
        KycError::field(
            "country_code",
            "must be an ISO 3166-1 alpha-2 code, e.g. SE.",
        )
    })?;
    let address = CustomerAddress {
        customer_address_id: Uuid::new_v4().to_string(),
        customer_id: customer_id.clone(),
        line_1: request.line_1,
        line_2: request.line_2,
        line_3: request.line_3,
        city: request.city,
        county: request.county,
        state: request.state,
        postcode: request.postcode,
        country_code: request.country_code,
        tags: request.tags,
        status: request.status,
        insert_date: now(),
    };
    state
        .store()
        .record_mut(&bank_id, &customer_id)?
        .addresses
        .push(address.clone());
    Ok((StatusCode::CREATED, Json(address)))
}

pub async fn addresses(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id)): Path<(String, String)>,
) -> Result<Json<CustomerAddresses>, KycError> {
    state.authorize(&headers, ROLE_GET_CUSTOMER_ADDRESS)?;
    check_bank(&bank_id)?;
    let addresses = state
        .store()
        .record(Some(&bank_id), &customer_id)?
        .addresses
        .clone();
    Ok(Json(CustomerAddresses { addresses }))
}

pub async fn delete_address(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id, address_id)): Path<(String, String, String)>,
) -> Result<Json<Deleted>, KycError> {
    state.authorize(&headers, ROLE_DELETE_CUSTOMER_ADDRESS)?;
    check_bank(&bank_id)?;
    let mut store = state.store();
    let addresses = &mut store.record_mut(&bank_id, &customer_id)?.addresses;
    let before = addresses.len();
    addresses.retain(|a| a.customer_address_id != address_id);
    if addresses.len() == before {
        return Err(KycError::AddressNotFound);
    }
    Ok(Json(Deleted::default()))
}

/// 201 with every tax residence of the customer, the new one last, as OBP answers.
pub async fn add_tax_residence(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<TaxResidences>), KycError> {
    state.authorize(&headers, ROLE_CREATE_TAX_RESIDENCE)?;
    check_bank(&bank_id)?;
    state.store().record(Some(&bank_id), &customer_id)?;
    let request: CreateTaxResidenceRequest = parse(&body)?;
    required("domain", &request.domain)?;
    required("tax_number", &request.tax_number)?;
    let residence = TaxResidence {
        domain: request.domain,
        tax_number: request.tax_number,
        tax_residence_id: Uuid::new_v4().to_string(),
    };
    let mut store = state.store();
    let list = &mut store.record_mut(&bank_id, &customer_id)?.tax_residences;
    list.push(residence);
    Ok((
        StatusCode::CREATED,
        Json(TaxResidences {
            tax_residence: list.clone(),
        }),
    ))
}

pub async fn tax_residences(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id)): Path<(String, String)>,
) -> Result<Json<TaxResidences>, KycError> {
    state.authorize(&headers, ROLE_GET_TAX_RESIDENCE)?;
    check_bank(&bank_id)?;
    let tax_residence = state
        .store()
        .record(Some(&bank_id), &customer_id)?
        .tax_residences
        .clone();
    Ok(Json(TaxResidences { tax_residence }))
}

pub async fn delete_tax_residence(
    State(state): State<KycState>,
    headers: HeaderMap,
    Path((bank_id, customer_id, residence_id)): Path<(String, String, String)>,
) -> Result<Json<Deleted>, KycError> {
    state.authorize(&headers, ROLE_DELETE_TAX_RESIDENCE)?;
    check_bank(&bank_id)?;
    let mut store = state.store();
    let list = &mut store.record_mut(&bank_id, &customer_id)?.tax_residences;
    let before = list.len();
    list.retain(|t| t.tax_residence_id != residence_id);
    if list.len() == before {
        return Err(KycError::TaxResidenceNotFound);
    }
    Ok(Json(Deleted::default()))
}
