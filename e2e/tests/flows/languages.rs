//! Each language through a whole company onboarding in the hosted widget, and a person through
//! theirs on a phone: on every screen the page speaks it (`lang`), shows no raw translation key,
//! and no English sentence of the widget's.

use futures::FutureExt;
use onboard_e2e::harness::Stack;
use onboard_widget::i18n::{self, Locale, Text};

use crate::bank_flow::{leave_for_the_bank, pick_bank};
use crate::onboarding_flow::{
    continue_to, type_date, type_into, upload_scan, value_of, wire_codes_in,
};

/// `locale` with its texts here, as the widget has them once fetched (until then `Locale::text`
/// answers in English): off wasm a translation's split point is a plain call, done at once.
pub(crate) fn with_texts(locale: Locale) -> Locale {
    i18n::load(locale)
        .now_or_never()
        .expect("split points are plain calls off wasm");
    locale
}

/// Checks the screen now showing: the language is set, axe finds nothing, and neither a key such as
/// `field.required` nor an English text of the widget (other than one the language shares) is
/// on it.
async fn assert_speaks(stack: &Stack, locale: Locale, screen: &str) {
    let locale = with_texts(locale);
    stack
        .wait_for(&format!("html[lang={}]", locale.tag()))
        .await;
    stack
        .assert_accessible(&format!("{screen} in {}", locale.tag()))
        .await;
    // Bank names are the banks' own ("… Download transactions"), and what is marked
    // `translate=no` (a card statement's text) is as its writer wrote it: not the widget's texts.
    let page = "return [document.body.innerText,
        ...Array.from(document.querySelectorAll('[data-testid=bank], [translate=no]'), own => own.innerText)];";
    let texts = stack.browser.execute(page, vec![]).await.unwrap();
    let texts: Vec<&str> = texts
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let text = texts[1..]
        .iter()
        .fold(texts[0].to_owned(), |text, bank| text.replace(bank, ""));
    for word in text.split_whitespace() {
        let raw_key = [
            "field.", "status.", "error.", "role.", "step.", "balance.", "consent.",
        ]
        .iter()
        .any(|prefix| word.starts_with(prefix) && word.len() > prefix.len());
        assert!(
            !raw_key,
            "{} {screen}: a raw key on screen: {word}",
            locale.tag()
        );
    }
    let codes = wire_codes_in(&text);
    assert!(
        codes.is_empty(),
        "{} {screen}: wire values on screen: {codes:?}",
        locale.tag()
    );
    for &english in Text::ALL {
        let sentence = with_texts(Locale::En).text(english);
        // Short words ("OK", "IBAN") may well be the same; sentences may not.
        if sentence.len() >= 12 && !sentence.contains('{') && locale.text(english) != sentence {
            assert!(
                !text.contains(sentence),
                "{} {screen}: English left over: {sentence}",
                locale.tag()
            );
        }
    }
}

async fn walk_company_onboarding(stack: &Stack, locale: Locale) {
    // A fresh session each time: nothing of the last walk's progress.
    stack.goto("/demo").await;
    stack
        .browser
        .execute("sessionStorage.clear();", vec![])
        .await
        .unwrap();
    stack
        .goto(&format!(
            "/start/kyb-demo?country=SE&locale={}",
            locale.tag()
        ))
        .await;
    stack
        .wait_for("[data-testid=step][data-step=organization]")
        .await;
    assert_speaks(stack, locale, "organization").await;
    // A problem shown, in the language too.
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("[role=alert]").await;
    assert_speaks(stack, locale, "organization with a problem").await;
    type_into(stack, "#organization-number", "556036-0793").await;
    stack
        .wait_for("#organization-lookup")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for("[data-testid=screening][data-screening=READY]")
        .await;
    assert_speaks(stack, locale, "organization profile").await;
    stack
        .wait_for("#organization-confirm")
        .await
        .click()
        .await
        .unwrap();
    continue_to(stack, "signing").await;
    assert_speaks(stack, locale, "signing").await;
    stack
        .wait_for("[data-testid=signing-option]")
        .await
        .click()
        .await
        .unwrap();
    continue_to(stack, "organizationContact").await;
    assert_speaks(stack, locale, "contact").await;
    type_into(stack, "#first-name", "Lois").await;
    type_into(stack, "#last-name", "Lane").await;
    type_into(stack, "#email", "lois@nordvik.example").await;
    type_into(stack, "#phone", "+46701234567").await;
    continue_to(stack, "bankConnection").await;
    assert_speaks(stack, locale, "bank intro").await;
    stack.wait_for("#connect-bank").await.click().await.unwrap();
    stack.wait_for("#bank-search").await;
    assert_speaks(stack, locale, "bank picker").await;
    continue_to_review(stack).await;
    assert_speaks(stack, locale, "review").await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for("[data-testid=outcome][data-outcome=approved]")
        .await;
    stack.wait_for("[data-testid=result-organization]").await;
    assert_speaks(stack, locale, "outcome and results").await;
}

async fn continue_to_review(stack: &Stack) {
    stack
        .wait_for("#bank-step-skip")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("[data-testid=step][data-step=review]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_onboarding_in_every_language_with_no_wire_value_on_screen() {
    let stack = Stack::start().await;
    for locale in Locale::ALL {
        walk_company_onboarding(&stack, locale).await;
    }
    stack.shutdown().await;
}

/// Nothing on the page to scroll sideways.
async fn assert_fits_the_width(stack: &Stack, screen: &str) {
    let overflow = stack
        .browser
        .execute(
            "const root = document.documentElement; return root.scrollWidth - root.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_f64().unwrap() <= 0.0,
        "{screen}: {overflow} px to scroll sideways"
    );
}

/// The screen now showing, on a phone: in the language, axe clean, as wide as the screen.
async fn assert_phone_screen(stack: &Stack, locale: Locale, screen: &str) {
    assert_speaks(stack, locale, screen).await;
    assert_fits_the_width(stack, screen).await;
}

/// A person through every KYC step to the approved outcome and the issued card account, in each
/// language on a phone's screen (390 px, as the customers who open a hosted link mostly are):
/// every screen in the language, axe clean, with no wire value on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_through_onboarding_in_every_language_on_a_phone() {
    for locale in Locale::ALL {
        a_person_through_onboarding_on_a_phone(locale).await;
    }
}

async fn a_person_through_onboarding_on_a_phone(locale: Locale) {
    let stack = Stack::start().await;
    stack.browser.set_window_size(390, 844).await.unwrap();
    let sweden = match locale {
        Locale::En => "Sweden",
        Locale::Sv | Locale::Nb => "Sverige",
        Locale::De => "Schweden",
    };
    stack
        .goto(&format!(
            "/start/kyc-demo?country=SE&locale={}",
            locale.tag()
        ))
        .await;
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    assert_phone_screen(&stack, locale, "personal details").await;
    type_into(&stack, "#identity-number", "19900101-1239").await;
    type_into(&stack, "#first-name", "Tolvan").await;
    type_into(&stack, "#last-name", "Tolvansson").await;
    continue_to(&stack, "contactDetails").await;
    assert_phone_screen(&stack, locale, "contact details").await;
    type_into(&stack, "#email", "tolvan@example.com").await;
    type_into(&stack, "#phone", "070-123 45 67").await;
    continue_to(&stack, "address").await;
    assert_phone_screen(&stack, locale, "address").await;
    type_into(&stack, "#address-line1", "Drottninggatan 32").await;
    type_into(&stack, "#postal-code", "111 45").await;
    type_into(&stack, "#city", "Stockholm").await;
    // The session's country by its name in the language; the code stays on the wire.
    assert_eq!(value_of(&stack, "#country").await, sweden);
    continue_to(&stack, "taxResidence").await;
    assert_phone_screen(&stack, locale, "tax residence").await;
    assert_eq!(value_of(&stack, "#tax-country-0").await, sweden);
    continue_to(&stack, "identityDocument").await;
    assert_phone_screen(&stack, locale, "identity document").await;
    type_into(&stack, "#document-number", "AA1234567").await;
    type_date(&stack.browser, "#issue-date", "2021-05-01").await;
    type_date(&stack.browser, "#expiry-date", "2031-05-01").await;
    upload_scan(&stack).await;
    continue_to(&stack, "bankConnection").await;
    assert_phone_screen(&stack, locale, "bank step").await;
    continue_to_review(&stack).await;
    assert_phone_screen(&stack, locale, "review").await;
    stack
        .wait_for("#step-continue")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for("[data-testid=outcome][data-outcome=approved]")
        .await;
    stack.wait_for("[data-testid=result-person]").await;
    stack.wait_for("[data-testid=account-operation]").await;
    assert_phone_screen(&stack, locale, "outcome, results and account").await;
    stack.shutdown().await;
}

/// The bank alone, in each language: its intro, the picker, the permissions, and the connected
/// accounts with their transactions, none with a wire value on it (the mock bank's own pages
/// stand in for a third party's, not ours to translate).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bank_alone_in_every_language_with_no_wire_value_on_screen() {
    for locale in Locale::ALL {
        let stack = Stack::start().await;
        stack
            .goto(&format!(
                "/start/bank-demo?country=SE&locale={}",
                locale.tag()
            ))
            .await;
        let connect = stack.wait_for("#connect-bank").await;
        assert_speaks(&stack, locale, "the bank's intro").await;
        connect.click().await.unwrap();
        stack.wait_for("[data-testid=bank]").await;
        assert_speaks(&stack, locale, "the bank picker").await;
        pick_bank(&stack, "transaction date filter", "20101").await;
        assert_speaks(&stack, locale, "the permissions").await;
        leave_for_the_bank(&stack).await;
        stack.log_in_at_the_bank_and_press("#approve").await;
        stack.wait_for("[data-testid=bank-connected]").await;
        stack.wait_for("[data-testid=transaction]").await;
        assert_speaks(&stack, locale, "the connected accounts and transactions").await;
        stack.shutdown().await;
    }
}
