//! Each language through a whole company onboarding in the hosted widget: on every screen the page
//! speaks it (`lang`), shows no raw translation key, and no English sentence of the widget's.

use futures::FutureExt;
use onboard_widget::i18n::{self, Locale, Text};

use crate::harness::Stack;
use crate::onboarding_flow::{continue_to, type_into};

/// Checks the screen now showing: the language is set, axe finds nothing, and neither a key such as
/// `field.required` nor an English text of the widget (other than one the language shares) is
/// on it.
/// `locale` with its texts here, as the widget has them once fetched (until then `Locale::text`
/// answers in English): off wasm a translation's split point is a plain call, done at once.
pub(crate) fn with_texts(locale: Locale) -> Locale {
    i18n::load(locale)
        .now_or_never()
        .expect("split points are plain calls off wasm");
    locale
}

async fn assert_speaks(stack: &Stack, locale: Locale, screen: &str) {
    let locale = with_texts(locale);
    stack
        .wait_for(&format!("html[lang={}]", locale.tag()))
        .await;
    stack
        .assert_accessible(&format!("{screen} in {}", locale.tag()))
        .await;
    // Bank names are the banks' own ("… Download transactions"), not the widget's texts.
    let page = "return [document.body.innerText,
        ...Array.from(document.querySelectorAll('[data-testid=bank]'), bank => bank.innerText)];";
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
    for &english in Text::ALL {
        let sentence = Locale::En.text(english);
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
async fn swedish_norwegian_and_german_through_a_company_onboarding() {
    let stack = Stack::start().await;
    for locale in [Locale::Sv, Locale::Nb, Locale::De] {
        walk_company_onboarding(&stack, locale).await;
    }
    stack.shutdown().await;
}
