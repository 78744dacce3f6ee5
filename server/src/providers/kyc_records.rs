//! The bank's KYC records API (docs/providers.md; Open Bank Project v3.1.0, tag KYC): customers,
//! their addresses and tax residences, and KYC documents, media, checks and statuses.
//!
//! Retries follow idempotency: the PUTs carry an id the caller chose (a second PUT replaces the
//! first), reads are reads, and a delete twice leaves the record deleted, so these are retried;
//! the POSTs that create are not. Creating a customer is idempotent on its number at the bank,
//! but a lost answer is better recovered by `customer_by_number` than by a blind second POST.

use protocol::provider::kyc_records::{
    CreateCustomerAddressRequest, CreateCustomerRequest, CreateTaxResidenceRequest, Customer,
    CustomerAddress, CustomerAddresses, CustomerNumberRequest, Deleted, KycCheck, KycChecks,
    KycDocument, KycDocuments, KycMedia, KycMediaList, KycStatus, KycStatuses, ObpError,
    PostKycCheck, PostKycDocument, PostKycMedia, PostKycStatus, TaxResidences, ALL_ROLES,
};
use reqwest::Method;
use url::Url;

use super::{segment, ProviderApi, ProviderError};

pub struct KycRecordsClient {
    api: ProviderApi,
    bank_id: String,
}

impl KycRecordsClient {
    /// `base_url` is the provider's root (ending with a slash; `oauth2/token` and `obp/...` are
    /// below it); `bank_id` is the bank whose records these are.
    pub fn new(
        http: reqwest::Client,
        base_url: Url,
        client_id: String,
        client_secret: String,
        bank_id: String,
    ) -> Self {
        Self {
            api: ProviderApi::new(
                "kyc_records",
                http,
                base_url,
                client_id,
                client_secret,
                ALL_ROLES,
            ),
            bank_id,
        }
    }

    pub fn bank_id(&self) -> &str {
        &self.bank_id
    }

    fn customers(&self) -> String {
        format!("obp/v3.1.0/banks/{}/customers", segment(&self.bank_id))
    }

    fn customer(&self, customer_id: &str) -> String {
        format!("{}/{}", self.customers(), segment(customer_id))
    }

    fn kyc(&self, customer_id: &str) -> String {
        format!(
            "obp/v2.0.0/banks/{}/customers/{}",
            segment(&self.bank_id),
            segment(customer_id)
        )
    }

    fn kyc_reads(customer_id: &str) -> String {
        format!("obp/v2.0.0/customers/{}", segment(customer_id))
    }

    /// Not retried (a POST); the bank answers the existing customer for a known number.
    pub async fn create_customer(
        &self,
        request: &CreateCustomerRequest,
    ) -> Result<Customer, ProviderError> {
        self.api
            .call(Method::POST, &self.customers(), false, |r| r.json(request))
            .await
    }

    /// A read, though OBP spells it POST: retried.
    pub async fn customer_by_number(
        &self,
        customer_number: &str,
    ) -> Result<Customer, ProviderError> {
        let body = CustomerNumberRequest {
            customer_number: customer_number.to_owned(),
        };
        let path = format!("{}/customer-number", self.customers());
        self.api
            .call(Method::POST, &path, true, |r| r.json(&body))
            .await
    }

    pub async fn add_address(
        &self,
        customer_id: &str,
        request: &CreateCustomerAddressRequest,
    ) -> Result<CustomerAddress, ProviderError> {
        let path = format!("{}/address", self.customer(customer_id));
        self.api
            .call(Method::POST, &path, false, |r| r.json(request))
            .await
    }

    pub async fn addresses(&self, customer_id: &str) -> Result<CustomerAddresses, ProviderError> {
        let path = format!("{}/addresses", self.customer(customer_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }

    /// Retried: deleting twice leaves it deleted (a retry after a lost answer may see OBP-30310).
    pub async fn delete_address(
        &self,
        customer_id: &str,
        customer_address_id: &str,
    ) -> Result<Deleted, ProviderError> {
        let path = format!(
            "{}/addresses/{}",
            self.customer(customer_id),
            segment(customer_address_id)
        );
        self.api.call(Method::DELETE, &path, true, |r| r).await
    }

    /// Answers every tax residence of the customer, the new one included.
    pub async fn add_tax_residence(
        &self,
        customer_id: &str,
        request: &CreateTaxResidenceRequest,
    ) -> Result<TaxResidences, ProviderError> {
        let path = format!("{}/tax-residence", self.customer(customer_id));
        self.api
            .call(Method::POST, &path, false, |r| r.json(request))
            .await
    }

    pub async fn tax_residences(&self, customer_id: &str) -> Result<TaxResidences, ProviderError> {
        let path = format!("{}/tax-residences", self.customer(customer_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }

    /// Retried, like `delete_address`.
    pub async fn delete_tax_residence(
        &self,
        customer_id: &str,
        tax_residence_id: &str,
    ) -> Result<Deleted, ProviderError> {
        let path = format!(
            "{}/tax_residencies/{}",
            self.customer(customer_id),
            segment(tax_residence_id)
        );
        self.api.call(Method::DELETE, &path, true, |r| r).await
    }

    /// PUT under the caller's id: a second one replaces the first, so retried.
    pub async fn put_kyc_document(
        &self,
        customer_id: &str,
        kyc_document_id: &str,
        request: &PostKycDocument,
    ) -> Result<KycDocument, ProviderError> {
        let path = format!(
            "{}/kyc_documents/{}",
            self.kyc(customer_id),
            segment(kyc_document_id)
        );
        self.api
            .call(Method::PUT, &path, true, |r| r.json(request))
            .await
    }

    pub async fn put_kyc_media(
        &self,
        customer_id: &str,
        kyc_media_id: &str,
        request: &PostKycMedia,
    ) -> Result<KycMedia, ProviderError> {
        let path = format!(
            "{}/kyc_media/{}",
            self.kyc(customer_id),
            segment(kyc_media_id)
        );
        self.api
            .call(Method::PUT, &path, true, |r| r.json(request))
            .await
    }

    pub async fn put_kyc_check(
        &self,
        customer_id: &str,
        kyc_check_id: &str,
        request: &PostKycCheck,
    ) -> Result<KycCheck, ProviderError> {
        let path = format!(
            "{}/kyc_check/{}",
            self.kyc(customer_id),
            segment(kyc_check_id)
        );
        self.api
            .call(Method::PUT, &path, true, |r| r.json(request))
            .await
    }

    /// A point on the timeline; the same `date` and `ok` again adds nothing, so retried.
    pub async fn put_kyc_status(
        &self,
        customer_id: &str,
        request: &PostKycStatus,
    ) -> Result<KycStatus, ProviderError> {
        let path = format!("{}/kyc_statuses", self.kyc(customer_id));
        self.api
            .call(Method::PUT, &path, true, |r| r.json(request))
            .await
    }

    pub async fn kyc_documents(&self, customer_id: &str) -> Result<KycDocuments, ProviderError> {
        let path = format!("{}/kyc_documents", Self::kyc_reads(customer_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }

    pub async fn kyc_media(&self, customer_id: &str) -> Result<KycMediaList, ProviderError> {
        let path = format!("{}/kyc_media", Self::kyc_reads(customer_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }

    pub async fn kyc_checks(&self, customer_id: &str) -> Result<KycChecks, ProviderError> {
        let path = format!("{}/kyc_checks", Self::kyc_reads(customer_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }

    pub async fn kyc_statuses(&self, customer_id: &str) -> Result<KycStatuses, ProviderError> {
        let path = format!("{}/kyc_statuses", Self::kyc_reads(customer_id));
        self.api.call(Method::GET, &path, true, |r| r).await
    }
}

/// The bank's `{"code", "message": "OBP-NNNNN: ..."}` from a refusal, when it sent one.
pub fn obp_error(error: &ProviderError) -> Option<ObpError> {
    match error {
        ProviderError::Rejected { body, .. } => serde_json::from_str(body).ok(),
        ProviderError::Transport(_)
        | ProviderError::Throttled { .. }
        | ProviderError::Unreadable(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use onboard_sandbox::kyc::SANDBOX_BANK_ID;
    use onboard_sandbox::SandboxConfig;

    /// The sandbox on a real port, and a client for its bank.
    async fn client() -> KycRecordsClient {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().nest(
            "/sandbox",
            onboard_sandbox::router(SandboxConfig::default()),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let base = Url::parse(&format!("http://{addr}/sandbox/kyc/")).unwrap();
        let http = super::super::http_client();
        KycRecordsClient::new(
            http,
            base,
            "onboard-demo".into(),
            "sandbox-secret".into(),
            SANDBOX_BANK_ID.into(),
        )
    }

    #[tokio::test]
    async fn files_a_customers_records_at_the_sandbox_bank() {
        let kyc = client().await;
        let request = CreateCustomerRequest {
            customer_number: "SE-900".into(),
            legal_name: "Anna Andersson".into(),
            date_of_birth: "1990-01-31T00:00:00Z".into(),
            ..Default::default()
        };
        let customer = kyc.create_customer(&request).await.unwrap();
        assert_eq!(
            kyc.create_customer(&request).await.unwrap(),
            customer,
            "idempotent on the number"
        );
        assert_eq!(kyc.customer_by_number("SE-900").await.unwrap(), customer);
        let id = customer.customer_id.as_str();

        let address = CreateCustomerAddressRequest {
            line_1: "Storgatan 1".into(),
            line_2: String::new(),
            line_3: String::new(),
            city: "Stockholm".into(),
            county: String::new(),
            state: String::new(),
            postcode: "111 22".into(),
            country_code: "SE".into(),
            tags: vec!["home".into()],
            status: "OK".into(),
        };
        let added = kyc.add_address(id, &address).await.unwrap();
        assert_eq!(
            kyc.addresses(id).await.unwrap().addresses,
            std::slice::from_ref(&added)
        );
        assert_eq!(
            kyc.delete_address(id, &added.customer_address_id)
                .await
                .unwrap(),
            Deleted::default()
        );
        assert!(kyc.addresses(id).await.unwrap().addresses.is_empty());

        let residence = CreateTaxResidenceRequest {
            domain: "SE".into(),
            tax_number: "199001311234".into(),
        };
        let residences = kyc.add_tax_residence(id, &residence).await.unwrap();
        assert_eq!(kyc.tax_residences(id).await.unwrap(), residences);
        let residence_id = &residences.tax_residence[0].tax_residence_id;
        kyc.delete_tax_residence(id, residence_id).await.unwrap();
        assert!(kyc
            .tax_residences(id)
            .await
            .unwrap()
            .tax_residence
            .is_empty());

        let document = PostKycDocument {
            customer_number: "SE-900".into(),
            kind: "passport".into(),
            number: "AA1234567".into(),
            issue_date: "2020-03-01T00:00:00Z".into(),
            issue_place: "Stockholm".into(),
            expiry_date: "2030-03-01T00:00:00Z".into(),
        };
        kyc.put_kyc_document(id, "doc-1", &document).await.unwrap();
        let stored = kyc.put_kyc_document(id, "doc-1", &document).await.unwrap();
        assert_eq!(kyc.kyc_documents(id).await.unwrap().documents, [stored]);

        let media = PostKycMedia {
            customer_number: "SE-900".into(),
            kind: "passport_scan".into(),
            url: "https://files.example/scan.jpg".into(),
            date: "2024-05-01T10:00:00Z".into(),
            relates_to_kyc_document_id: "doc-1".into(),
            relates_to_kyc_check_id: String::new(),
        };
        let stored = kyc.put_kyc_media(id, "media-1", &media).await.unwrap();
        assert_eq!(kyc.kyc_media(id).await.unwrap().medias, [stored]);

        let check = PostKycCheck {
            customer_number: "SE-900".into(),
            date: "2024-05-02T09:00:00Z".into(),
            how: "automated".into(),
            staff_user_id: String::new(),
            staff_name: String::new(),
            satisfied: true,
            comments: String::new(),
        };
        let stored = kyc.put_kyc_check(id, "check-1", &check).await.unwrap();
        assert_eq!(kyc.kyc_checks(id).await.unwrap().checks, [stored]);

        let status = PostKycStatus {
            customer_number: "SE-900".into(),
            ok: true,
            date: "2024-05-03T00:00:00Z".into(),
        };
        let stored = kyc.put_kyc_status(id, &status).await.unwrap();
        kyc.put_kyc_status(id, &status).await.unwrap();
        assert_eq!(kyc.kyc_statuses(id).await.unwrap().statuses, [stored]);
    }

    #[tokio::test]
    async fn refusals_carry_the_obp_error() {
        let kyc = client().await;
        let error = kyc.kyc_statuses("nobody").await.unwrap_err();
        let obp = obp_error(&error).unwrap();
        assert_eq!((obp.code, obp.obp_code()), (404, Some("OBP-30046")));
        assert!(!error.is_transient());
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("onboard.sandbox.bank"), "onboard.sandbox.bank");
        assert_eq!(segment("a b/c+d"), "a%20b%2Fc%2Bd");
    }
}
