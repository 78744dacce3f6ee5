//! The onboarding provider's applications API (`003`): `POST /v1/applications.*`.

use serde::{Deserialize, Serialize};

use crate::{ApplicationId, ApplicationStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateApplicationRequest {
    pub workflow_id: String,
    pub country_code: String,
    pub redirect_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateApplicationResponse {
    pub id: ApplicationId,
    /// Valid 60 minutes, authorised only for this application.
    pub session_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRef {
    pub application_id: ApplicationId,
}

/// `POST /v1/applications.get`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub application_id: ApplicationId,
    pub status: ApplicationStatus,
    pub customer_id: String,
    pub workflow_id: String,
    pub market_id: String,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

/// The provider's error body (the document shows none; the sandbox names the field at fault).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Session tokens the provider issues live this long (`003`).
pub const SESSION_TOKEN_LIFETIME_SECS: u64 = 60 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_get_response() {
        let json = r#"{
          "applicationId": "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100",
          "status": "APPROVED",
          "customerId": "bits:customer::dd02eb82-9bf5-4922-b970-9d2ed2cc0639",
          "workflowId": "bits:workflow::5edba11d-bcd1-411b-a6d4-f99ae029f9cd",
          "marketId": "bits:market::296e5995-60ce-4479-bb7c-52d4683c05a2",
          "createdAt": "2020-01-01T13:37:00Z",
          "updatedAt": "2020-01-01T13:38:00Z"
        }"#;
        let app: Application = serde_json::from_str(json).unwrap();
        assert_eq!(app.status, ApplicationStatus::Approved);
        assert_eq!(app.updated_at, "2020-01-01T13:38:00Z");
    }

    #[test]
    fn parses_the_documented_create_response() {
        let json = r#"{"id": "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100",
                       "sessionToken": "eyJhbGciOiJIUz..."}"#;
        let created: CreateApplicationResponse = serde_json::from_str(json).unwrap();
        assert_eq!(created.session_token, "eyJhbGciOiJIUz...");
    }
}
