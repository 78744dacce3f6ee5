//! The sandbox's applications, in memory: the sandbox forgets everything when it stops, as a
//! test double should.

use std::collections::HashMap;
use std::sync::Mutex;

use protocol::provider::onboarding::Application;
use protocol::{ApplicationId, ApplicationStatus};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The sandbox's workflows: `kyc-demo` onboards a person, `kyb-demo` an organization.
pub const WORKFLOWS: [&str; 2] = ["kyc-demo", "kyb-demo"];

#[derive(Default)]
pub struct Applications {
    by_id: Mutex<HashMap<ApplicationId, Application>>,
}

impl Applications {
    pub fn insert(&self, application: Application) {
        self.lock().insert(application.application_id.clone(), application);
    }

    pub fn get(&self, id: &ApplicationId) -> Option<Application> {
        self.lock().get(id).cloned()
    }

    /// Moves an application to `status`. A decided application stays decided, as with the real
    /// provider: the error names the status it is in.
    pub fn set_status(
        &self,
        id: &ApplicationId,
        status: ApplicationStatus,
    ) -> Option<Result<Application, ApplicationStatus>> {
        let mut applications = self.lock();
        let application = applications.get_mut(id)?;
        if application.status.is_terminal() && application.status != status {
            return Some(Err(application.status));
        }
        application.status = status;
        application.updated_at = now_rfc3339();
        Some(Ok(application.clone()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ApplicationId, Application>> {
        self.by_id.lock().expect("applications lock")
    }
}

pub fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|now| now.format(&Rfc3339).ok())
        .unwrap_or_default()
}
