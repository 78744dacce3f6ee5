//! The card issuer's account API (docs/providers.md): the account opened for an approved
//! application, addressed by the application's id (the issuer external account reference).

use protocol::provider::issuer::{
    AccountIdentifier, Data, FinancialInformation, Operation, OperationDetail,
    EMBED_PARENT_OPERATION, SCOPE_ISSUER_READ, SCOPE_ISSUER_WRITE,
};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::{segment, ProviderApi, ProviderError};

pub struct IssuerClient {
    api: ProviderApi,
    issuer_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedAccount {
    pub account_identifier: AccountIdentifier,
    pub masked_pan: String,
}

impl IssuerClient {
    pub fn new(
        http: reqwest::Client,
        base_url: Url,
        client_id: String,
        client_secret: String,
        issuer_id: String,
    ) -> Self {
        let scopes = [SCOPE_ISSUER_READ, SCOPE_ISSUER_WRITE];
        Self {
            api: ProviderApi::new("issuer", http, base_url, client_id, client_secret, &scopes),
            issuer_id,
        }
    }

    fn account_path(&self, application_id: &str, rest: &str) -> String {
        format!(
            "api/v2/issuers/{}/accounts/{}/{rest}",
            segment(&self.issuer_id),
            segment(application_id)
        )
    }

    /// The issuer's contract process is outside the documents; the sandbox stands in for it
    /// with this call, which gives the same account for the same application every time.
    pub async fn open_account(&self, application_id: &str) -> Result<OpenedAccount, ProviderError> {
        let path = format!(
            "api/v2/issuers/{}/sandbox/accounts.open",
            segment(&self.issuer_id)
        );
        let body = json!({ "externalReference": application_id });
        let opened: Data<OpenedAccount> = self
            .api
            .call(Method::POST, &path, true, |r| r.json(&body))
            .await?;
        Ok(opened.data)
    }

    pub async fn balance(
        &self,
        application_id: &str,
    ) -> Result<FinancialInformation, ProviderError> {
        let answer: Data<FinancialInformation> = self
            .api
            .call(
                Method::GET,
                &self.account_path(application_id, "balance"),
                true,
                |r| r,
            )
            .await?;
        Ok(answer.data)
    }

    /// One page (from 0) of operations posted in `[start, end)`, newest first.
    pub async fn operations(
        &self,
        application_id: &str,
        (start, end): (&str, &str),
        page: u32,
        size: u32,
    ) -> Result<Vec<Operation>, ProviderError> {
        let path = self.account_path(application_id, "operations");
        let query = [
            ("startTime", start.to_owned()),
            ("endTime", end.to_owned()),
            ("page", page.to_string()),
            ("offset", size.to_string()),
        ];
        let answer: Data<Vec<Operation>> = self
            .api
            .call(Method::GET, &path, true, |r| r.query(&query))
            .await?;
        Ok(answer.data)
    }

    pub async fn operation(
        &self,
        application_id: &str,
        operation_id: &str,
    ) -> Result<OperationDetail, ProviderError> {
        let path = self.account_path(
            application_id,
            &format!("operations/{}", segment(operation_id)),
        );
        let answer: Data<OperationDetail> = self
            .api
            .call(Method::GET, &path, true, |r| {
                r.query(&[("embed", EMBED_PARENT_OPERATION)])
            })
            .await?;
        Ok(answer.data)
    }
}
