//! The onboarding provider's applications API (docs/providers.md).

use protocol::onboarding::Workflow;
use protocol::provider::oauth::{SCOPE_APPLICATIONS_READ, SCOPE_APPLICATIONS_WRITE};
use protocol::provider::onboarding::{
    Application, ApplicationRef, ApplicationSubmission, CreateApplicationRequest,
    CreateApplicationResponse, WorkflowRef,
};
use protocol::ApplicationId;
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use super::{ProviderApi, ProviderError};

pub struct OnboardingClient {
    api: ProviderApi,
}

impl OnboardingClient {
    pub fn new(
        http: reqwest::Client,
        base_url: Url,
        client_id: String,
        client_secret: String,
    ) -> Self {
        let scopes = [SCOPE_APPLICATIONS_WRITE, SCOPE_APPLICATIONS_READ];
        Self {
            api: ProviderApi::new(
                "onboarding",
                http,
                base_url,
                client_id,
                client_secret,
                &scopes,
            ),
        }
    }

    pub async fn check(&self) -> Result<(), ProviderError> {
        self.api.check().await
    }

    /// Not retried: a second create would make a second application.
    pub async fn create_application(
        &self,
        request: &CreateApplicationRequest,
    ) -> Result<CreateApplicationResponse, ProviderError> {
        self.api
            .call(Method::POST, "v1/applications.create", false, |r| {
                r.json(request)
            })
            .await
    }

    /// A read, though the provider spells it POST: retried.
    pub async fn get_application(&self, id: &ApplicationId) -> Result<Application, ProviderError> {
        let request = ApplicationRef {
            application_id: id.clone(),
        };
        self.api
            .call(Method::POST, "v1/applications.get", true, |r| {
                r.json(&request)
            })
            .await
    }

    pub async fn workflow(&self, workflow_id: &str) -> Result<Workflow, ProviderError> {
        let request = WorkflowRef {
            workflow_id: workflow_id.to_owned(),
        };
        self.api
            .call(Method::POST, "v1/workflows.get", true, |r| r.json(&request))
            .await
    }

    /// Retried: the provider takes a second submission of an application as the first.
    pub async fn submit(
        &self,
        submission: &ApplicationSubmission,
    ) -> Result<Application, ProviderError> {
        self.api
            .call(Method::POST, "v1/applications.submit", true, |r| {
                r.json(submission)
            })
            .await
    }

    /// One of the result reads (`v1/applications.person.get`, ...): all take the application id.
    pub async fn read<T: DeserializeOwned>(
        &self,
        path: &str,
        id: &ApplicationId,
    ) -> Result<T, ProviderError> {
        let request = ApplicationRef {
            application_id: id.clone(),
        };
        self.api
            .call(Method::POST, path, true, |r| r.json(&request))
            .await
    }
}
