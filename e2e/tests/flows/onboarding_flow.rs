//! The onboarding steps in the hosted widget: a person to APPROVED with the results, a reload
//! in the middle keeping every typed value; a sanctioned person and a PEP, whose screening
//! only the partner reads; an organization through its AML screening. Every screen passes axe-core's WCAG 2.2 AA rules.

use fantoccini::{Client, Locator};
use onboard_e2e::harness::{wait_in, Stack};

/// A 1×1 PNG: the scan the document step uploads.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

pub(crate) async fn type_into(stack: &Stack, css: &str, text: &str) {
    type_in(&stack.browser, css, text).await;
}

/// [`type_into`] in any browser (another person's, a phone).
pub(crate) async fn type_in(browser: &Client, css: &str, text: &str) {
    let field = wait_in(browser, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Types `iso` (`YYYY-MM-DD`, a part may be empty) into the date control `css`'s three boxes.
pub(crate) async fn type_date(browser: &Client, css: &str, iso: &str) {
    let mut parts = iso.splitn(3, '-');
    for part in ["year", "month", "day"] {
        type_in(
            browser,
            &format!("{css}-{part}"),
            parts.next().unwrap_or_default(),
        )
        .await;
    }
}

pub(crate) async fn value_of(stack: &Stack, css: &str) -> String {
    stack
        .wait_for(css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Continues to `next_step`, where focus must go to the step's heading, and checks the step.
pub(crate) async fn continue_to(stack: &Stack, next_step: &str) {
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    let step = format!("[data-testid=step][data-step={next_step}]");
    stack.wait_for(&step).await;
    stack
        .wait_for_focus(&format!("{step} [data-step-heading]"))
        .await;
    stack
        .assert_accessible(&format!("the {next_step} step"))
        .await;
}

/// A new session of `workflow` opened in the widget; its application's id.
pub(crate) async fn open(stack: &Stack, workflow: &str) -> String {
    let session = stack.mint_session(workflow).await;
    stack
        .goto(&format!(
            "/#token={}",
            session["sessionToken"].as_str().unwrap()
        ))
        .await;
    session["applicationId"].as_str().unwrap().to_owned()
}

/// Every KYC step for a Swede, the bank skipped, then submitted; `reload` reloads the page in
/// the middle of the address step and checks nothing typed was lost.
pub(crate) async fn walk_kyc(stack: &Stack, pnr: &str, birth: &str, reload: bool) {
    walk_kyc_to_review(stack, pnr, birth, reload).await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
}

/// Uploads a scan on the identity document step and waits until the step shows it.
pub(crate) async fn upload_scan(stack: &Stack) {
    let scan = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
    std::fs::write(scan.path(), PNG).unwrap();
    stack
        .wait_for("#document-scan")
        .await
        .send_keys(scan.path().to_str().unwrap())
        .await
        .unwrap();
    stack
        .wait_for_text("[data-testid=scan]", "the uploaded scan", |t| {
            t.contains(".png")
        })
        .await;
}

/// [`walk_kyc`] up to the review, not yet submitted.
pub(crate) async fn walk_kyc_to_review(stack: &Stack, pnr: &str, birth: &str, reload: bool) {
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    stack.assert_accessible("the personalDetails step").await;
    // Instant validation: a wrong check digit is named before anything is sent.
    type_into(stack, "#identity-number", "19900101-1238").await;
    type_into(stack, "#first-name", "Tolvan").await;
    stack
        .wait_for_text(
            "[data-testid=identity-number-error]",
            "a check digit error",
            |t| !t.is_empty(),
        )
        .await;
    stack
        .assert_accessible("the personalDetails step with an error")
        .await;
    type_into(stack, "#last-name", "Tolvansson").await;
    type_into(stack, "#identity-number", pnr).await;
    // Shown, not asked: the personnummer holds the date of birth.
    stack
        .wait_for_text(
            "[data-testid=birth-date]",
            "the date of birth from the number",
            |t| t.contains(&birth[..4]),
        )
        .await;
    assert!(stack
        .browser
        .find(Locator::Css("#date-of-birth-day"))
        .await
        .is_err());
    continue_to(stack, "contactDetails").await;
    type_into(stack, "#email", "tolvan@example.com").await;
    // As written at home: the session is Swedish.
    type_into(stack, "#phone", "070-123 45 67").await;
    continue_to(stack, "address").await;
    type_into(stack, "#address-line1", "Drottninggatan 32").await;
    type_into(stack, "#postal-code", "111 45").await;
    if reload {
        stack.browser.refresh().await.unwrap();
        stack
            .wait_for("[data-testid=step][data-step=address]")
            .await;
        assert_eq!(value_of(stack, "#address-line1").await, "Drottninggatan 32");
        assert_eq!(value_of(stack, "#postal-code").await, "111 45");
        stack.wait_for("#step-back").await.click().await.unwrap();
        stack
            .wait_for("[data-testid=step][data-step=contactDetails]")
            .await;
        assert_eq!(value_of(stack, "#email").await, "tolvan@example.com");
        continue_to(stack, "address").await;
    }
    type_into(stack, "#city", "Stockholm").await;
    // The country by its name, found by its name in another language and chosen with Enter.
    assert_eq!(value_of(stack, "#country").await, "Sweden");
    type_into(stack, "#country", "Sver").await;
    stack
        .wait_for_text("#country-list [role=option]", "Sweden in the list", |t| {
            t == "Sweden"
        })
        .await;
    stack
        .assert_accessible("the address step's country list")
        .await;
    stack
        .wait_for("#country")
        .await
        .send_keys("\u{e007}")
        .await
        .unwrap();
    assert_eq!(value_of(stack, "#country").await, "Sweden");
    continue_to(stack, "taxResidence").await;
    // Nothing asked twice: the personnummer is the Swedish tax number.
    assert_eq!(value_of(stack, "#tax-number-0").await, pnr);
    continue_to(stack, "identityDocument").await;
    type_into(stack, "#document-number", "AA1234567").await;
    // A date without its month: the message names what is missing.
    type_date(&stack.browser, "#issue-date", "2021--01").await;
    type_date(&stack.browser, "#expiry-date", "2020-05-01").await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for_text("[data-testid=issue-date-error]", "a missing month", |t| {
            t.contains("month")
        })
        .await;
    type_into(stack, "#issue-date-month", "5").await;
    stack
        .wait_for_text("[data-testid=expiry-date-error]", "an expiry error", |t| {
            !t.is_empty()
        })
        .await;
    stack
        .assert_accessible("the identityDocument step with an error")
        .await;
    type_date(&stack.browser, "#expiry-date", "2031-05-01").await;
    upload_scan(stack).await;
    stack
        .assert_accessible("the identityDocument step with its scan")
        .await;
    continue_to(stack, "bankConnection").await;
    // One primary action, the card's; the step itself may only be skipped.
    assert!(stack
        .browser
        .find(Locator::Css("#bank-step-continue"))
        .await
        .is_err());
    stack
        .wait_for("#bank-step-skip")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("[data-testid=step][data-step=review]").await;
    stack.wait_for("[data-testid=progress] ~ ol .skipped").await;
    let items = stack
        .browser
        .find_all(Locator::Css("[data-testid=review-item]"))
        .await
        .unwrap();
    assert_eq!(
        items.len(),
        6,
        "every answered step is read back, and the bank as skipped"
    );
    stack.assert_accessible("the KYC review").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_continue_sums_up_what_to_mend_and_leads_to_each_field() {
    let stack = Stack::start().await;
    open(&stack, "kyc-demo").await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    type_into(&stack, "#first-name", "Tolvan").await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    // The summary takes the focus, and lists the fields in error, not the one filled in.
    stack.wait_for_focus("#error-summary").await;
    let summary = stack
        .wait_for("[data-testid=error-summary]")
        .await
        .text()
        .await
        .unwrap();
    assert!(summary.contains("Last name"), "{summary}");
    assert!(!summary.contains("First name"), "{summary}");
    stack
        .assert_accessible("the personalDetails step with its error summary")
        .await;
    stack
        .wait_for("[data-testid=error-summary] a[href='#last-name']")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for_focus("#last-name").await;
    let url = stack.browser.current_url().await.unwrap();
    assert!(!url.as_str().contains("#last-name"), "{url}");
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_approved_and_sees_the_results_after_a_reload_mid_flow() {
    let stack = Stack::start().await;
    open(&stack, "kyc-demo").await;
    walk_kyc(&stack, "19900101-1239", "1990-01-01", true).await;
    stack
        .wait_for("[data-testid=outcome][data-outcome=approved]")
        .await;
    let person = stack
        .wait_for("[data-testid=result-person]")
        .await
        .text()
        .await
        .unwrap();
    assert!(person.contains("Tolvan Tolvansson"), "{person}");
    stack.wait_for("[data-testid=result-document]").await;
    stack
        .assert_accessible("the approved outcome with the results")
        .await;
    stack.assert_no_screening_shown().await;
    // The account the issuer opened: balance, a page of operations, the next page, and the
    // detail of a markup fee with the purchase it was charged for.
    stack.wait_for("[data-testid=account-balance]").await;
    let card = stack
        .wait_for("[data-testid=account-card]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        card.chars().filter(char::is_ascii_digit).count(),
        4,
        "masked: {card}"
    );
    stack.assert_no_card_number_in_dom().await;
    stack.wait_for("[data-testid=account-operation]").await;
    let first_page = stack
        .browser
        .find_all(Locator::Css("[data-testid=account-operation]"))
        .await
        .unwrap();
    assert_eq!(first_page.len(), 5);
    stack.assert_accessible("the issued account").await;
    let asked: u64 = serde_json::from_value(
        stack
            .browser
            .execute(
                "return performance.getEntriesByType('resource')\
                 .filter((e) => e.name.includes('/api/v1/account/operations?page=0')).length;",
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(asked, 1, "the first page of operations is asked for once");
    let first = first_page[0].text().await.unwrap();
    stack.wait_for("#account-next").await.click().await.unwrap();
    stack
        .wait_for_text("[data-testid=account-page]", "page 2", |t| t.contains('2'))
        .await;
    stack
        .wait_for_text("[data-testid=account-operation]", "the next page", |t| {
            !t.is_empty() && t != first
        })
        .await;
    stack
        .wait_for("#account-previous")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for_text(
            "[data-testid=account-operation]",
            "the first page again",
            |t| t == first,
        )
        .await;
    let fee = "[data-testid=account-operation][data-code=MARKUP_FEE] button";
    stack.wait_for(fee).await.click().await.unwrap();
    stack.wait_for("[data-testid=operation-parent]").await;
    // Signed as they affect the holder, as the bank's transactions are: a fee is money gone.
    let charged = stack
        .wait_for("[data-testid=operation-amount]")
        .await
        .text()
        .await
        .unwrap();
    assert!(charged.starts_with(['-', '\u{2212}']), "{charged}");
    stack.assert_accessible("an operation's detail").await;
    stack.wait_for("#account-back").await.click().await.unwrap();
    stack.wait_for("[data-testid=account-operations]").await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sanctioned_person_is_declined_and_a_pep_goes_to_manual_review() {
    let stack = Stack::start().await;
    let application = open(&stack, "kyc-demo").await;
    walk_kyc(&stack, "19780311-1934", "1978-03-11", false).await;
    stack
        .wait_for("[data-testid=outcome][data-outcome=declined]")
        .await;
    stack.wait_for("[data-testid=result-person]").await;
    stack.assert_no_screening_shown().await;
    stack.assert_accessible("the declined outcome").await;
    // The partner, not the person screened, reads what the screening found.
    let view = stack.partner_reads(&application).await;
    assert_eq!(view["status"], "DECLINED", "{view}");
    let hits = &view["results"]["person"]["sanctionHits"];
    assert!(
        hits.as_array().is_some_and(|hits| !hits.is_empty()),
        "{view}"
    );

    stack
        .browser
        .execute("window.sessionStorage.clear();", vec![])
        .await
        .unwrap();
    open(&stack, "kyc-demo").await;
    stack.browser.refresh().await.unwrap();
    walk_kyc(&stack, "19820714-0024", "1982-07-14", false).await;
    stack
        .wait_for("[data-testid=status][data-status=MANUAL_REVIEW]")
        .await;
    // What happens next, and a way back to the partner; no screening word.
    stack.wait_for("[data-testid=manual-review]").await;
    stack.wait_for("[data-testid=partner-link]").await;
    stack.assert_no_screening_shown().await;
    stack
        .assert_accessible("the wait for a manual review")
        .await;
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organization_is_screened_confirmed_and_approved() {
    let stack = Stack::start().await;
    open(&stack, "kyb-demo").await;
    walk_kyb_to_the_bank(&stack).await;
    stack
        .wait_for("#bank-step-skip")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("[data-testid=step][data-step=review]").await;
    stack.assert_accessible("the KYB review").await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for("[data-testid=outcome][data-outcome=approved]")
        .await;
    let organization = stack
        .wait_for("[data-testid=result-organization]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        organization.contains("Nordvik Industri AB"),
        "{organization}"
    );
    // The combination chosen on the signing step (its first: the whole board), not every one.
    let signers = stack
        .wait_for("[data-testid=result-signing]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(signers, "Anna Lindqvist + Erik Sandberg + Maria Holm");
    stack
        .assert_accessible("the KYB outcome with the results")
        .await;
    stack.shutdown().await;
}

/// A Swedish company through its screening, confirmation, signing and contact, to the bank
/// step.
pub(crate) async fn walk_kyb_to_the_bank(stack: &Stack) {
    stack
        .wait_for("[data-testid=step][data-step=organization]")
        .await;
    stack.assert_accessible("the organization lookup").await;
    type_into(stack, "#organization-number", "556036-0793").await;
    stack
        .wait_for("#organization-lookup")
        .await
        .click()
        .await
        .unwrap();
    // The screening runs about a second: checked while it shows, never waited for.
    let screening = stack.wait_for("[data-testid=screening]").await;
    if screening.attr("data-screening").await.unwrap().as_deref() == Some("PENDING") {
        stack.assert_accessible("the screening wait").await;
    }
    stack
        .wait_for("[data-testid=screening][data-screening=READY]")
        .await;
    let name = stack
        .wait_for("[data-testid=organization-name]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(name, "Nordvik Industri AB");
    stack.wait_for("[data-testid=beneficial-owners] li").await;
    assert_profile_in_words(stack).await;
    stack.assert_no_screening_shown().await;
    stack.assert_accessible("the organization profile").await;
    // Not confirmed yet: the step says so and stays.
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for("[data-testid=step][data-step=organization]")
        .await;
    stack
        .wait_for_text(
            "[data-testid=organization-confirm-error]",
            "the confirmation error",
            |t| !t.is_empty(),
        )
        .await;
    stack
        .assert_accessible("the organization profile with an error")
        .await;
    stack
        .wait_for("#organization-confirm")
        .await
        .click()
        .await
        .unwrap();
    continue_to(stack, "signing").await;
    let option = stack.wait_for("[data-testid=signing-option]").await;
    stack
        .assert_accessible("the signing step with its options")
        .await;
    // Each rule in the customer's words, and as the register words it, in Swedish.
    let rule = stack
        .wait_for("label[for=signing-0] [data-testid=signing-rule]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(rule, "The whole board together");
    let register = stack
        .wait_for("label[for=signing-0] [data-testid=register-words]")
        .await;
    assert_eq!(
        register.text().await.unwrap(),
        "Firman tecknas av styrelsen"
    );
    assert_eq!(register.attr("lang").await.unwrap().as_deref(), Some("sv"));
    option.click().await.unwrap();
    continue_to(stack, "organizationContact").await;
    type_into(stack, "#first-name", "Lois").await;
    type_into(stack, "#last-name", "Lane").await;
    type_into(stack, "#email", "lois@nordvik.example").await;
    type_into(stack, "#phone", "+46701234567").await;
    continue_to(stack, "bankConnection").await;
}

/// The register's facts in words: its status, each address under its own label, and why each
/// beneficial owner counts; no code of the register's (`ACTIVE`, `DIRECT_OWNERSHIP`).
async fn assert_profile_in_words(stack: &Stack) {
    let status = stack
        .wait_for("[data-testid=organization-status]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Active");
    let profile = stack
        .wait_for("[data-testid=screening]")
        .await
        .text()
        .await
        .unwrap();
    for label in [
        "Visiting address",
        "Postal address",
        "Registered address",
        "Direct owner",
    ] {
        assert!(profile.contains(label), "{label} in {profile}");
    }
    let codes = wire_codes_in(&profile);
    assert!(codes.is_empty(), "codes on screen: {codes:?} in {profile}");
}

/// The wire values in `text`: words of four or more capitals and underscores alone
/// (`ACTIVE`, `DIRECT_OWNERSHIP`). Identifiers (an LEI) mix in digits; the abbreviations a
/// reader knows are words.
pub(crate) fn wire_codes_in(text: &str) -> Vec<&str> {
    const WORDS: [&str; 3] = ["IBAN", "JPEG", "DUNS"];
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| {
            word.len() >= 4
                && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                && !WORDS.contains(word)
        })
        .collect()
}
