//! Each language through a whole account check in the hosted widget: on every screen the page
//! speaks it (`lang`), shows no raw translation key, and no English sentence of the widget's.

use fantoccini::key::Key;
use fantoccini::Locator;
use onboard_widget::i18n::{Locale, Text};

use crate::harness::Stack;

/// Checks the screen now showing: the language is set, and neither a key such as
/// `field.required` nor an English text of the widget (other than one the language shares) is
/// on it.
async fn assert_speaks(stack: &Stack, locale: Locale, screen: &str) {
    stack.wait_for(&format!("html[lang={}]", locale.tag())).await;
    let text = stack.browser.execute("return document.body.innerText;", vec![]).await.unwrap();
    let text = text.as_str().unwrap();
    for word in text.split_whitespace() {
        let raw_key = ["field.", "status.", "error.", "role.", "step.", "balance.", "consent."]
            .iter()
            .any(|prefix| word.starts_with(prefix) && word.len() > prefix.len());
        assert!(!raw_key, "{} {screen}: a raw key on screen: {word}", locale.tag());
    }
    for &english in Text::ALL {
        let sentence = Locale::En.text(english);
        // Short words ("OK", "IBAN") may well be the same; sentences may not.
        if sentence.len() >= 12 && !sentence.contains('{') && locale.text(english) != sentence {
            assert!(!text.contains(sentence), "{} {screen}: English left over: {sentence}", locale.tag());
        }
    }
}

async fn walk_account_check(stack: &Stack, locale: Locale) {
    // A fresh session each time: nothing of the last walk's progress.
    stack.goto("/demo").await;
    stack.browser.execute("sessionStorage.clear();", vec![]).await.unwrap();
    stack.goto(&format!("/start/bank-demo?country=SE&locale={}", locale.tag())).await;
    stack.wait_for("#connect-bank").await;
    assert_speaks(stack, locale, "bank intro").await;
    stack.browser.find(Locator::Css("#connect-bank")).await.unwrap().click().await.unwrap();
    let search = stack.wait_for("#bank-search").await;
    assert_speaks(stack, locale, "bank picker").await;
    search.send_keys("transaction date filter").await.unwrap();
    stack.wait_for("[data-testid=bank][data-bank-id='20101']").await;
    search.send_keys(&Key::Down.to_string()).await.unwrap();
    stack.browser.active_element().await.unwrap().send_keys(&Key::Enter.to_string()).await.unwrap();
    stack.wait_for("#consent-continue").await;
    assert_speaks(stack, locale, "permissions").await;
    stack.browser.find(Locator::Css("#consent-continue")).await.unwrap().click().await.unwrap();
    stack.wait_for("#username").await.send_keys("anna").await.unwrap();
    stack.browser.find(Locator::Css("#password")).await.unwrap().send_keys("anything").await.unwrap();
    stack.browser.find(Locator::Css("#login")).await.unwrap().click().await.unwrap();
    stack.wait_for("#approve").await.click().await.unwrap();
    stack.wait_for("[data-testid=transaction]").await;
    assert_speaks(stack, locale, "connected accounts").await;
    stack.wait_for("#bank-step-continue").await.click().await.unwrap();
    stack.wait_for("[data-testid=step][data-step=review]").await;
    assert_speaks(stack, locale, "review").await;
    stack.wait_for("#step-continue").await.click().await.unwrap();
    stack.wait_for("[data-testid=outcome]").await;
    assert_speaks(stack, locale, "outcome").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swedish_norwegian_and_german_through_an_account_check() {
    let stack = Stack::start().await;
    for locale in [Locale::Sv, Locale::Nb, Locale::De] {
        walk_account_check(&stack, locale).await;
    }
    stack.shutdown().await;
}
