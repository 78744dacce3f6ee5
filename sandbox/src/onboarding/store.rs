//! The sandbox's applications, in memory: the sandbox forgets everything when it stops, as a
//! test double should.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::clock::now_rfc3339;
use protocol::provider::onboarding::{Application, ApplicationSubmission};
use protocol::{ApplicationId, ApplicationStatus};

use super::screening;

/// How long the provider's review takes after a submission: long enough to be seen polling,
/// short enough for tests.
pub const DECISION_DELAY: Duration = Duration::from_millis(1500);

struct Record {
    application: Application,
    submission: Option<ApplicationSubmission>,
    decide_at: Option<Instant>,
}

impl Record {
    /// The review's decision, once its time has come (unless a final status came first).
    fn settle(&mut self) {
        let due = self.decide_at.is_some_and(|at| Instant::now() >= at);
        if !due {
            return;
        }
        self.decide_at = None;
        if let (Some(submission), false) = (&self.submission, self.application.status.is_terminal())
        {
            self.application.status = screening::decide(submission);
            self.application.updated_at = now_rfc3339();
        }
    }
}

/// Why a submission was refused.
pub enum SubmitRefused {
    NotFound,
    /// Decided before anything was submitted (the control endpoint, say).
    Final(ApplicationStatus),
}

#[derive(Default)]
pub struct Applications {
    by_id: Mutex<HashMap<ApplicationId, Record>>,
}

impl Applications {
    pub fn insert(&self, application: Application) {
        let record = Record {
            application,
            submission: None,
            decide_at: None,
        };
        self.lock()
            .insert(record.application.application_id.clone(), record);
    }

    pub fn get(&self, id: &ApplicationId) -> Option<Application> {
        let mut applications = self.lock();
        let record = applications.get_mut(id)?;
        record.settle();
        Some(record.application.clone())
    }

    /// The screened submission, once there is one.
    pub fn submission(&self, id: &ApplicationId) -> Option<Option<ApplicationSubmission>> {
        self.lock().get(id).map(|record| record.submission.clone())
    }

    /// Screens and stores a submission and starts the review. A second submission changes
    /// nothing: the answer is the application as the first left it.
    pub fn submit(
        &self,
        mut submission: ApplicationSubmission,
    ) -> Result<Application, SubmitRefused> {
        let mut applications = self.lock();
        let record = applications
            .get_mut(&submission.application_id)
            .ok_or(SubmitRefused::NotFound)?;
        record.settle();
        if record.submission.is_some() {
            return Ok(record.application.clone());
        }
        if record.application.status.is_terminal() {
            return Err(SubmitRefused::Final(record.application.status));
        }
        screening::screen(&mut submission);
        record.submission = Some(submission);
        record.decide_at = Some(Instant::now() + DECISION_DELAY);
        record.application.status = ApplicationStatus::InProgress;
        record.application.updated_at = now_rfc3339();
        Ok(record.application.clone())
    }

    /// Moves an application to `status`, as a case handler does: the review's automatic
    /// decision no longer comes. A decided application stays decided, as with the real
    /// provider: the error names the status it is in.
    pub fn set_status(
        &self,
        id: &ApplicationId,
        status: ApplicationStatus,
    ) -> Option<Result<Application, ApplicationStatus>> {
        let mut applications = self.lock();
        let record = applications.get_mut(id)?;
        record.settle();
        let application = &mut record.application;
        if application.status.is_terminal() && application.status != status {
            return Some(Err(application.status));
        }
        record.decide_at = None;
        application.status = status;
        application.updated_at = now_rfc3339();
        Some(Ok(application.clone()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ApplicationId, Record>> {
        self.by_id.lock().expect("applications lock")
    }
}
