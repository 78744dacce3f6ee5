//! Every user-facing text, in one table per locale.
//!
//! The widget's own texts are a typed enum, so a missing translation is a compile error. Status
//! labels and error messages come from `protocol` as string keys (`label_key`, `message_key`):
//! those are looked up by key and a unit test checks that every key has an English text.

use protocol::api::banking::ConsentStatus;
use protocol::onboarding::{DocumentType, Problem, Step};
use protocol::{ApplicationStatus, ErrorCode};

/// The languages the widget speaks. English only for now; a new locale adds a variant and a
/// table, and the compiler points at every text it still lacks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
}

impl Locale {
    /// The BCP 47 tag, for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
        }
    }

    pub fn text(self, text: Text) -> &'static str {
        match self {
            Self::En => en(text),
        }
    }

    /// A text by the string keys `protocol` hands out.
    pub fn by_key(self, key: &str) -> Option<&'static str> {
        match self {
            Self::En => en_key(key),
        }
    }
}

/// The widget's own texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Loading,
    SessionHeading,
    StatusCaption,
    AutoUpdate,
    ProviderSlow,
    OutcomeApprovedHeading,
    OutcomeApprovedBody,
    OutcomeDeclinedHeading,
    OutcomeDeclinedBody,
    OutcomeStoppedHeading,
    OutcomeStoppedBody,
    StartAgainHint,
    Continue,
    ExpiredHeading,
    ExpiredBody,
    ExpiredNoLink,
    StartAgain,
    InvalidHeading,
    InvalidBody,
    ErrorHeading,
    Retry,
    Cancel,
    BankPopupHeading,
    BankPopupBody,
    BankPopupBlocked,
    OpenBank,
    BankPopupFocus,
    BankWindowDone,
    Exit,
    ExitConfirm,
    StayHere,
    ConnectBankHeading,
    ConnectBankExplain,
    ConnectBank,
    BankPickHeading,
    BankSearch,
    BankCountry,
    BankNoMatch,
    PermissionsHeading,
    PermissionsExplain,
    PermissionAccounts,
    PermissionBalances,
    PermissionTransactions,
    PermissionOwnerName,
    ContinueToBank,
    ChooseAnotherBank,
    WaitingForBank,
    ConsentRejected,
    ConsentEnded,
    Disconnect,
    Show,
    Hide,
    Transactions,
    DownloadTransactions,
    PageFirst,
    PagePrevious,
    PageNext,
    PageLast,
    DateFrom,
    DateTo,
    Apply,
    DateWindowHint,
    DownloadExplain,
    NoTransactions,
    Page,
    ServerRefused,
    Back,
    BankStepContinue,
    ProgressLabel,
    StepWord,
    PersonnummerHint,
    FodselsnummerHint,
    IdentityNumberHint,
    FirstName,
    LastName,
    DateOfBirth,
    DateHint,
    IdentityNumber,
    Email,
    Phone,
    PhoneHint,
    AddressLine1,
    AddressLine2,
    PostalCode,
    City,
    Country,
    CountryHint,
    TaxResidence,
    TaxNumber,
    Remove,
    TaxExplain,
    AddTaxResidence,
    DocumentType,
    DocumentNumber,
    IssuingCountry,
    IssueDate,
    ExpiryDate,
    DocumentScan,
    DocumentScanHint,
    Uploading,
    Uploaded,
    ScanWrongType,
    IdentifierType,
    OrganizationNumber,
    DunsNumber,
    LookUp,
    ScreeningFailed,
    ConfirmOrganization,
    ScreeningRunning,
    LegalForm,
    Registered,
    SanctionHit,
    SanctionClear,
    BeneficialOwners,
    OfficialRoles,
    SignatureRights,
    SigningExplain,
    ReviewExplain,
    Change,
    Submit,
    PepHit,
    ResultsPerson,
    ResultsOrganization,
    SignedBy,
    Documents,
    BankAccounts,
    SigningCombinations,
    BoardMembers,
    ResultsHeading,
    StepPersonalDetails,
    StepContactDetails,
    StepAddress,
    StepTaxResidence,
    StepIdentityDocument,
    StepOrganization,
    StepSigning,
    StepOrganizationContact,
    StepBankConnection,
    StepReview,
    DocPassport,
    DocNationalIdCard,
    DocDrivingLicence,
}

fn en(text: Text) -> &'static str {
    use Text::*;
    match text {
        Loading => "Loading…",
        SessionHeading => "Your application",
        StatusCaption => "Status",
        AutoUpdate => "We'll update this automatically. You can keep this page open.",
        ProviderSlow => "We can't reach the service right now. We'll keep trying in the background.",
        OutcomeApprovedHeading => "You're approved",
        OutcomeApprovedBody => "Your application has been approved. You can continue where you came from; we have sent the details to them.",
        OutcomeDeclinedHeading => "Application declined",
        OutcomeDeclinedBody => "Unfortunately, your application was not approved. The company you applied with can tell you more.",
        OutcomeStoppedHeading => "Application stopped",
        OutcomeStoppedBody => "Your application was stopped before a decision was made.",
        StartAgainHint => "You can start again from the site you came from.",
        Continue => "Continue",
        ExpiredHeading => "Your session has expired",
        ExpiredBody => "For your security, onboarding sessions end after a while.",
        ExpiredNoLink => "Go back to the site you came from to start again.",
        StartAgain => "Start again",
        InvalidHeading => "We couldn't open your session",
        InvalidBody => "This link is incomplete or no longer valid. Go back to the site you came from and start again.",
        ErrorHeading => "Something went wrong",
        Retry => "Try again",
        Cancel => "Cancel",
        BankPopupHeading => "Continue at your bank",
        BankPopupBody => "We opened your bank in a new window. Sign in and approve there; this page updates by itself when you are done.",
        BankPopupBlocked => "Your browser blocked the bank's window. Open your bank to continue; this page updates by itself when you are done.",
        OpenBank => "Open your bank",
        BankPopupFocus => "Show the bank's window",
        BankWindowDone => "You can close this window and return to the page you came from.",
        Exit => "Exit",
        ExitConfirm => "Leave onboarding? What you entered is kept for this session.",
        StayHere => "Stay",
        ConnectBankHeading => "Connect your bank",
        ConnectBankExplain => "Share your account details securely through your bank. You log in at your bank, never here.",
        ConnectBank => "Connect a bank account",
        BankPickHeading => "Choose your bank",
        BankSearch => "Search for your bank",
        BankCountry => "Country",
        BankNoMatch => "No bank matches your search.",
        PermissionsHeading => "Share with",
        PermissionsExplain => "Choose what we may read. You confirm it at your bank, and you can disconnect at any time.",
        PermissionAccounts => "Your accounts (name, number, currency)",
        PermissionBalances => "Their balances",
        PermissionTransactions => "Their transactions",
        PermissionOwnerName => "The account holder's name",
        ContinueToBank => "Continue to your bank",
        ChooseAnotherBank => "Choose another bank",
        WaitingForBank => "Waiting for your bank…",
        ConsentRejected => "You declined at your bank, so nothing was shared.",
        ConsentEnded => "This bank connection has ended. Nothing more will be read.",
        Disconnect => "Disconnect bank",
        Show => "Show",
        Hide => "Hide",
        Transactions => "Transactions",
        DownloadTransactions => "Download transactions",
        PageFirst => "First",
        PagePrevious => "Previous",
        PageNext => "Next",
        PageLast => "Last",
        DateFrom => "From",
        DateTo => "To",
        Apply => "Apply",
        DateWindowHint => "Leave the dates empty to share what your bank offers by default.",
        DownloadExplain => "Your bank sends transactions as one download rather than page by page.",
        NoTransactions => "No transactions in this period.",
        Page => "Page",
        ServerRefused => "This was not accepted. Please check it.",
        Back => "Back",
        BankStepContinue => "Continue",
        ProgressLabel => "Progress",
        StepWord => "Step",
        PersonnummerHint => "Your personnummer or samordningsnummer, for example 19900101-1239.",
        FodselsnummerHint => "Your 11-digit fødselsnummer or D-number.",
        IdentityNumberHint => "Your national identity number.",
        FirstName => "First name",
        LastName => "Last name",
        DateOfBirth => "Date of birth",
        DateHint => "Written YYYY-MM-DD, for example 1990-01-31.",
        IdentityNumber => "Identity number",
        Email => "Email",
        Phone => "Mobile phone",
        PhoneHint => "With the country code, for example +46 70 123 45 67.",
        AddressLine1 => "Street address",
        AddressLine2 => "Apartment, floor, c/o (optional)",
        PostalCode => "Postal code",
        City => "City",
        Country => "Country",
        CountryHint => "Two-letter country code, for example SE.",
        TaxResidence => "Tax residence",
        TaxNumber => "Tax identification number",
        Remove => "Remove",
        TaxExplain => "Every country where you pay tax, with your tax number there.",
        AddTaxResidence => "Add another country",
        DocumentType => "Document",
        DocumentNumber => "Document number",
        IssuingCountry => "Issuing country",
        IssueDate => "Issue date",
        ExpiryDate => "Expiry date",
        DocumentScan => "Photo or scan of the document",
        DocumentScanHint => "A JPEG, PNG or PDF of at most 5 MB.",
        Uploading => "Uploading…",
        Uploaded => "Uploaded:",
        ScanWrongType => "This file is not a JPEG, PNG or PDF.",
        IdentifierType => "Identify the organization by",
        OrganizationNumber => "Organization number",
        DunsNumber => "D-U-N-S number",
        LookUp => "Look up",
        ScreeningFailed => "We couldn't look up this organization. Check the number or try again.",
        ConfirmOrganization => "This is my organization, and the details above are correct.",
        ScreeningRunning => "Looking up the organization in the registers…",
        LegalForm => "Legal form",
        Registered => "Registered",
        SanctionHit => "On a sanctions list",
        SanctionClear => "Not on any sanctions list",
        BeneficialOwners => "Beneficial owners",
        OfficialRoles => "Roles",
        SignatureRights => "Signature rights",
        SigningExplain => "Who will sign for the organization?",
        ReviewExplain => "Check your answers before you send them. You can change any of them.",
        Change => "Change",
        Submit => "Send application",
        PepHit => "Politically exposed person",
        ResultsPerson => "Person",
        ResultsOrganization => "Organization",
        SignedBy => "Signed by",
        Documents => "Documents",
        BankAccounts => "Bank accounts",
        SigningCombinations => "Signing combinations",
        BoardMembers => "Board and management",
        ResultsHeading => "What we have on record",
        StepPersonalDetails => "About you",
        StepContactDetails => "Contact details",
        StepAddress => "Your address",
        StepTaxResidence => "Tax residence",
        StepIdentityDocument => "Identity document",
        StepOrganization => "Your organization",
        StepSigning => "Who signs",
        StepOrganizationContact => "Contact person",
        StepBankConnection => "Bank account",
        StepReview => "Review and send",
        DocPassport => "Passport",
        DocNationalIdCard => "National identity card",
        DocDrivingLicence => "Driving licence",
    }
}

fn en_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "status.not_started" => "Not started",
        "status.in_progress" => "In progress",
        "status.approved" => "Approved",
        "status.declined" => "Declined",
        "status.failed" => "Failed",
        "status.cancelled" => "Cancelled",
        "status.manual_review" => "Being reviewed",
        "status.manually_approved" => "Approved",
        "status.manually_declined" => "Declined",
        "error.invalid_request" => "Something in the request was not right.",
        "error.unauthorized" => "This session is not valid.",
        "error.session_expired" => "This session has expired.",
        "error.not_found" => "We couldn't find what you asked for.",
        "error.forbidden" => "This isn't covered by what you agreed to share.",
        "error.conflict" => "This has changed in the meantime. Please try again.",
        "error.payload_too_large" => "The file is too large.",
        "error.upstream_unavailable" => {
            "The service is not available right now. Please try again in a moment."
        }
        "balance.ClosingBooked" => "Booked balance",
        "balance.InterimAvailable" => "Available",
        "consent.open" => "Waiting for your approval",
        "consent.authorised" => "Connected",
        "consent.rejected" => "Declined",
        "consent.revoked" => "Disconnected",
        "consent.revoked_at_tpp" => "Disconnected here (your bank may still list it)",
        "error.internal" => "Something went wrong on our side. Please try again.",
        "field.required" => "Please fill this in.",
        "field.tooLong" => "This is too long.",
        "field.email" => "Enter an email address like name@example.com.",
        "field.phone" => "Enter the number with its country code, like +46 70 123 45 67.",
        "field.date" => "Enter a real date as YYYY-MM-DD.",
        "field.dateInFuture" => "This date can't be in the future.",
        "field.underage" => "You must be at least 18 years old.",
        "field.idFormat" => "This number has the wrong length or characters.",
        "field.idDate" => "This number doesn't hold a real date.",
        "field.idChecksum" => "This number has a typo: its check digit doesn't match.",
        "field.idBirthDateMismatch" => "This number doesn't match your date of birth.",
        "field.postalCode" => "This isn't a postal code of that country.",
        "field.country" => "Enter a two-letter country code, like SE.",
        "field.taxNumber" => "This isn't a tax number of that country.",
        "field.duplicateCountry" => "This country is already listed.",
        "field.tooMany" => "You can list at most five.",
        "field.documentNumber" => "Enter 5 to 20 letters or digits.",
        "field.documentExpired" => "This document has expired. Please use a valid one.",
        "field.expiryBeforeIssue" => "The expiry date must be after the issue date.",
        "field.scanRequired" => "Please upload a photo or scan of the document.",
        "field.organizationNumber" => "This isn't an organization number we can check here.",
        "field.confirmRequired" => "Please confirm that this is your organization.",
        "field.signingCombination" => "Please choose who will sign.",
        "role.CEO" => "Chief executive",
        "role.CHAIRMAN" => "Chair of the board",
        "role.DEPUTY_CHAIRMAN" => "Deputy chair",
        "role.BOARD_MEMBER" => "Board member",
        "role.DEPUTY_BOARD_MEMBER" => "Deputy board member",
        "role.PROPRIETOR" => "Proprietor",
        "role.CONTACT_PERSON" => "Contact person",
        "role.COMPANY_SECRETARY" => "Company secretary",
        _ => return None,
    })
}

/// The locale in use. One for now; when there are more it comes from the session's `locale`.
pub fn locale() -> Locale {
    Locale::En
}

pub fn t(text: Text) -> &'static str {
    locale().text(text)
}

pub fn status_label(status: ApplicationStatus) -> &'static str {
    // A missing key is caught by the tests below; the wire name beats a blank label.
    locale()
        .by_key(status.label_key())
        .unwrap_or(status.as_str())
}

/// A bank's balance type in words; an unknown type shows as the bank named it.
pub fn balance_label(kind: &str) -> String {
    locale().by_key(&format!("balance.{kind}")).map_or_else(|| kind.to_owned(), str::to_owned)
}

pub fn consent_label(status: ConsentStatus) -> &'static str {
    locale().by_key(status.label_key()).unwrap_or("")
}

pub fn error_message(code: ErrorCode) -> &'static str {
    locale()
        .by_key(code.message_key())
        .or_else(|| locale().by_key(ErrorCode::Internal.message_key()))
        .unwrap_or("")
}

/// A field's problem in words.
pub fn field_message(problem: Problem) -> &'static str {
    locale().by_key(problem.key()).unwrap_or_else(|| problem.english())
}

pub fn step_title(step: Step) -> &'static str {
    t(match step {
        Step::PersonalDetails => Text::StepPersonalDetails,
        Step::ContactDetails => Text::StepContactDetails,
        Step::Address => Text::StepAddress,
        Step::TaxResidence => Text::StepTaxResidence,
        Step::IdentityDocument => Text::StepIdentityDocument,
        Step::Organization => Text::StepOrganization,
        Step::Signing => Text::StepSigning,
        Step::OrganizationContact => Text::StepOrganizationContact,
        Step::BankConnection => Text::StepBankConnection,
        Step::Review => Text::StepReview,
    })
}

pub fn document_type_label(kind: DocumentType) -> &'static str {
    t(match kind {
        DocumentType::Passport => Text::DocPassport,
        DocumentType::NationalIdCard => Text::DocNationalIdCard,
        DocumentType::DrivingLicence => Text::DocDrivingLicence,
    })
}

/// A register's role code in words; an unknown code as the register wrote it.
pub fn role_label(code: &str) -> String {
    locale().by_key(&format!("role.{code}")).map_or_else(|| code.to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_problem_is_translated() {
        for problem in Problem::ALL {
            assert!(Locale::En.by_key(problem.key()).is_some(), "no English text for {}", problem.key());
        }
    }

    #[test]
    fn every_status_label_is_translated() {
        for status in ApplicationStatus::ALL {
            let key = status.label_key();
            assert!(
                Locale::En.by_key(key).is_some(),
                "no English text for {key}"
            );
        }
    }

    #[test]
    fn every_error_message_is_translated() {
        for code in ErrorCode::ALL {
            let key = code.message_key();
            assert!(
                Locale::En.by_key(key).is_some(),
                "no English text for {key}"
            );
            assert!(!error_message(code).is_empty());
        }
    }

    #[test]
    fn every_consent_status_is_translated() {
        for status in ConsentStatus::ALL {
            assert!(!consent_label(status).is_empty(), "{status:?}");
        }
    }

    #[test]
    fn unknown_keys_are_not_invented() {
        assert_eq!(Locale::En.by_key("status.nope"), None);
    }
}
