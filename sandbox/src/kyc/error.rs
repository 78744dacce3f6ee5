//! OBP's errors: `{"code": <http status>, "message": "OBP-NNNNN: text"}`, never the generic
//! sandbox shape, so that a client written against the real bank reads them the same way.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::provider::kyc_records::ObpError;

use crate::SandboxError;

#[derive(Debug, thiserror::Error)]
pub enum KycError {
    #[error("OBP-20001: User not logged in. Authentication is required!")]
    NotLoggedIn,
    #[error("OBP-20006: User is missing one or more roles: {0}")]
    MissingRole(&'static str),
    /// Unparsable or wrong-shaped JSON, or a field that fails its check (named in the detail).
    #[error("OBP-10001: Incorrect json format.{}", .0.as_deref().map(|d| format!(" {d}")).unwrap_or_default())]
    InvalidJson(Option<String>),
    #[error("OBP-30111: Invalid Bank Id. The BANK_ID should only contain 0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.")]
    InvalidBankId,
    #[error("OBP-30001: Bank not found. Please specify a valid value for BANK_ID.")]
    BankNotFound,
    #[error("OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.")]
    CustomerNotFound,
    /// What the document lists for `Get Customer by CUSTOMER_NUMBER`.
    #[error("OBP-30008: User Customer Link not found by USER_ID")]
    CustomerNumberNotFound,
    #[error("OBP-30310: Customer's Address not found by CUSTOMER_ADDRESS_ID.")]
    AddressNotFound,
    #[error("OBP-30300: Tax Residence not found by TAX_RESIDENCE_ID.")]
    TaxResidenceNotFound,
    #[error("OBP-50000: Unknown Error.")]
    Unknown,
}

impl KycError {
    /// A field that fails its check: `OBP-10001: Incorrect json format. <field> <problem>`.
    pub fn field(field: &str, problem: impl std::fmt::Display) -> Self {
        Self::InvalidJson(Some(format!("{field} {problem}")))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotLoggedIn => StatusCode::UNAUTHORIZED,
            Self::MissingRole(_) => StatusCode::FORBIDDEN,
            Self::InvalidJson(_) | Self::InvalidBankId => StatusCode::BAD_REQUEST,
            Self::BankNotFound
            | Self::CustomerNotFound
            | Self::CustomerNumberNotFound
            | Self::AddressNotFound
            | Self::TaxResidenceNotFound => StatusCode::NOT_FOUND,
            Self::Unknown => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The shared token issuer speaks `SandboxError`; OBP words it its own way.
impl From<SandboxError> for KycError {
    fn from(error: SandboxError) -> Self {
        match error {
            SandboxError::Unauthenticated => Self::NotLoggedIn,
            SandboxError::MissingScope(role) => Self::MissingRole(role),
            _ => Self::Unknown,
        }
    }
}

impl IntoResponse for KycError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ObpError {
            code: status.as_u16(),
            message: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}
