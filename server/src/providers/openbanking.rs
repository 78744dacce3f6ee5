//! The open-banking account-information provider (docs/providers.md).

use std::time::{Duration, Instant};

use protocol::provider::openbanking::{
    AccountList, AspspList, BalanceList, ConsentCreated, ConsentRequest, ConsentStatusResponse,
    TransactionDownload, TransactionPage, CONSENT_ID_HEADER, SCOPE_AIS,
};
use reqwest::{Method, StatusCode};
use tokio::sync::Mutex;
use url::Url;

use super::{segment, ProviderApi, ProviderError};

/// Banks change rarely; a short cache spares the provider one call per widget.
const BANK_LIST_TTL: Duration = Duration::from_secs(300);

pub struct OpenBankingClient {
    api: ProviderApi,
    banks: Mutex<Option<(Instant, AspspList)>>,
}

/// `dateFrom`/`dateTo` and the page, as the provider's transactions endpoint takes them.
#[derive(Debug, Default, Clone)]
pub struct TransactionQuery {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub page: Option<String>,
}

impl OpenBankingClient {
    pub fn new(
        http: reqwest::Client,
        base_url: Url,
        client_id: String,
        client_secret: String,
    ) -> Self {
        Self {
            api: ProviderApi::new(
                "openbanking",
                http,
                base_url,
                client_id,
                client_secret,
                &[SCOPE_AIS],
            ),
            banks: Mutex::default(),
        }
    }

    pub async fn banks(&self) -> Result<AspspList, ProviderError> {
        let mut cached = self.banks.lock().await;
        if let Some((_, list)) = cached
            .as_ref()
            .filter(|(fetched, _)| fetched.elapsed() < BANK_LIST_TTL)
        {
            return Ok(list.clone());
        }
        let list: AspspList = self.api.call(Method::GET, "aspsp", true, |r| r).await?;
        *cached = Some((Instant::now(), list.clone()));
        Ok(list)
    }

    pub async fn create_consent(
        &self,
        request: &ConsentRequest,
    ) -> Result<ConsentCreated, ProviderError> {
        self.api
            .call(Method::POST, "consents", false, |r| r.json(request))
            .await
    }

    pub async fn consent_status(
        &self,
        consent_id: &str,
    ) -> Result<ConsentStatusResponse, ProviderError> {
        let path = format!("consents/{}/status", segment(consent_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }

    /// Revoking twice leaves it revoked: retried like a read.
    pub async fn revoke_consent(
        &self,
        consent_id: &str,
    ) -> Result<ConsentStatusResponse, ProviderError> {
        let path = format!("consents/{}", segment(consent_id));
        self.api.call(Method::DELETE, &path, true, |r| r).await
    }

    pub async fn accounts(&self, consent_id: &str) -> Result<AccountList, ProviderError> {
        self.api
            .call(Method::GET, "accounts", true, |r| {
                r.header(CONSENT_ID_HEADER, consent_id)
            })
            .await
    }

    pub async fn balances(
        &self,
        consent_id: &str,
        account_id: &str,
    ) -> Result<BalanceList, ProviderError> {
        let path = format!("accounts/{}/balances", segment(account_id));
        self.api
            .call(Method::GET, &path, true, |r| {
                r.header(CONSENT_ID_HEADER, consent_id)
            })
            .await
    }

    pub async fn transactions(
        &self,
        consent_id: &str,
        account_id: &str,
        query: &TransactionQuery,
    ) -> Result<TransactionPage, ProviderError> {
        let path = format!("accounts/{}/transactions", segment(account_id));
        let pairs: Vec<(&str, &str)> = [
            ("dateFrom", query.date_from.as_deref()),
            ("dateTo", query.date_to.as_deref()),
            ("page", query.page.as_deref()),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
        .collect();
        self.api
            .call(Method::GET, &path, true, |r| {
                r.header(CONSENT_ID_HEADER, consent_id).query(&pairs)
            })
            .await
    }

    /// Follows a download link from a transactions answer, but only within this provider: the
    /// access token must never go to a host that a response named.
    pub async fn download(
        &self,
        consent_id: &str,
        link: &str,
    ) -> Result<TransactionDownload, ProviderError> {
        let base = self.api.base_url();
        let url = base.join(link).map_err(|_| foreign_link())?;
        if url.origin() != base.origin() || !url.path().starts_with(base.path()) {
            return Err(foreign_link());
        }
        let path = url.as_str()[base.as_str().len()..].to_owned();
        self.api
            .call(Method::GET, &path, true, |r| {
                r.header(CONSENT_ID_HEADER, consent_id)
            })
            .await
    }
}

/// The page number a pagination link carries: the widget's opaque cursor.
pub fn page_of(link: &str) -> Option<String> {
    let base = Url::parse("http://provider.invalid/").expect("static URL parses");
    let url = base.join(link).ok()?;
    url.query_pairs()
        .find(|(name, _)| name == "page")
        .map(|(_, value)| value.into_owned())
}

fn foreign_link() -> ProviderError {
    ProviderError::Rejected {
        status: StatusCode::BAD_GATEWAY,
        body: "download link outside the provider".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn cursors_are_the_page_numbers_of_links() {
        assert_eq!(
            page_of("https://bank.example/accounts/a/transactions?dateFrom=2026-01-01&page=3")
                .as_deref(),
            Some("3")
        );
        assert_eq!(
            page_of("/accounts/a/transactions?page=0").as_deref(),
            Some("0")
        );
        assert_eq!(page_of("/accounts/a/transactions"), None);
    }
}
