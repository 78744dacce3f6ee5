//! The onboarding provider's application statuses and what each means to the product.

crate::wire_enum! {
    /// An application's status, exactly as `POST /v1/applications.get` reports it.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ApplicationStatus {
        NotStarted = "NOT_STARTED",
        InProgress = "IN_PROGRESS",
        Approved = "APPROVED",
        Declined = "DECLINED",
        Failed = "FAILED",
        Cancelled = "CANCELLED",
        ManualReview = "MANUAL_REVIEW",
        ManuallyApproved = "MANUALLY_APPROVED",
        ManuallyDeclined = "MANUALLY_DECLINED",
    }
}

/// What an application's status means for the person onboarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still moving: keep polling.
    Pending,
    Approved,
    Declined,
    /// Stopped without a decision (failed or cancelled): the user may start again.
    Stopped,
}

impl ApplicationStatus {
    /// A terminal status never changes again, so polling stops there. Manual review is not
    /// terminal: a case handler will still approve or decline it.
    pub fn is_terminal(self) -> bool {
        self.outcome() != Outcome::Pending
    }

    pub fn outcome(self) -> Outcome {
        match self {
            Self::NotStarted | Self::InProgress | Self::ManualReview => Outcome::Pending,
            Self::Approved | Self::ManuallyApproved => Outcome::Approved,
            Self::Declined | Self::ManuallyDeclined => Outcome::Declined,
            Self::Failed | Self::Cancelled => Outcome::Stopped,
        }
    }

    /// The translation key of the status's user-facing label.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::NotStarted => "status.not_started",
            Self::InProgress => "status.in_progress",
            Self::Approved => "status.approved",
            Self::Declined => "status.declined",
            Self::Failed => "status.failed",
            Self::Cancelled => "status.cancelled",
            Self::ManualReview => "status.manual_review",
            Self::ManuallyApproved => "status.manually_approved",
            Self::ManuallyDeclined => "status.manually_declined",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_decided_or_stopped_statuses_are_terminal() {
        let terminal: Vec<_> = ApplicationStatus::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(
            terminal,
            [
                ApplicationStatus::Approved,
                ApplicationStatus::Declined,
                ApplicationStatus::Failed,
                ApplicationStatus::Cancelled,
                ApplicationStatus::ManuallyApproved,
                ApplicationStatus::ManuallyDeclined,
            ]
        );
        assert!(!ApplicationStatus::ManualReview.is_terminal());
    }

    #[test]
    fn manual_decisions_share_the_automatic_outcomes() {
        assert_eq!(
            ApplicationStatus::ManuallyApproved.outcome(),
            Outcome::Approved
        );
        assert_eq!(
            ApplicationStatus::ManuallyDeclined.outcome(),
            Outcome::Declined
        );
        assert_eq!(ApplicationStatus::Cancelled.outcome(), Outcome::Stopped);
    }

    #[test]
    fn every_status_has_its_own_label() {
        let mut keys: Vec<_> = ApplicationStatus::ALL
            .iter()
            .map(|s| s.label_key())
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ApplicationStatus::ALL.len());
    }
}
