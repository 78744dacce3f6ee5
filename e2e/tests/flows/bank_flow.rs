//! The open-banking consent in the hosted widget: pick a bank, leave for the mock bank, come
//! back, see the data; deny; download bank; reload at the bank; revoke. Every screen of the
//! widget passes axe-core's WCAG 2.2 AA rules (the mock bank's pages stand in for a third
//! party's and are not checked).

use fantoccini::key::Key;
use fantoccini::Locator;
use onboard_e2e::harness::Stack;

/// From the demo page to the bank picker of a fresh bank-only session.
pub(crate) async fn open_bank_picker(stack: &Stack) {
    stack.goto("/demo").await;
    stack
        .browser
        .find(Locator::Css("#start-bank"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let connect = stack.wait_for("#connect-bank").await;
    // The bank is the whole flow: no application to follow.
    assert!(stack
        .browser
        .find(Locator::Css("[data-testid=session]"))
        .await
        .is_err());
    stack
        .assert_accessible("the bank-only session with its bank intro")
        .await;
    connect.click().await.unwrap();
    stack.wait_for("#bank-search").await;
    stack.wait_for("[data-testid=bank]").await;
    stack.assert_accessible("the bank picker").await;
}

/// Searches by name, picks the only match with the keyboard (arrow down, Enter), keeps the
/// default permissions and leaves for the bank.
pub(crate) async fn choose_bank(stack: &Stack, search: &str, bank_id: &str) {
    pick_bank(stack, search, bank_id).await;
    leave_for_the_bank(stack).await;
}

/// From the permissions to the bank's login.
pub(crate) async fn leave_for_the_bank(stack: &Stack) {
    stack
        .wait_for("#consent-continue")
        .await
        .click()
        .await
        .unwrap();
    stack.wait_for("#username").await;
}

/// Searches by name and picks the only match with the keyboard (arrow down, Enter), up to the
/// permissions.
pub(crate) async fn pick_bank(stack: &Stack, search: &str, bank_id: &str) {
    let field = stack
        .browser
        .find(Locator::Css("#bank-search"))
        .await
        .unwrap();
    field.send_keys(search).await.unwrap();
    stack
        .wait_for(&format!("[data-testid=bank][data-bank-id='{bank_id}']"))
        .await;
    let banks = stack
        .browser
        .find_all(Locator::Css("[data-testid=bank]"))
        .await
        .unwrap();
    assert_eq!(banks.len(), 1, "the search narrows the list to one bank");
    stack
        .assert_accessible("the bank picker with a search")
        .await;
    field.send_keys(&Key::Down.to_string()).await.unwrap();
    let focused = stack.browser.active_element().await.unwrap();
    assert_eq!(
        focused.attr("data-bank-id").await.unwrap().as_deref(),
        Some(bank_id)
    );
    focused.send_keys(&Key::Enter.to_string()).await.unwrap();
    stack.wait_for("#consent-continue").await;
    stack.assert_accessible("the permissions").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_a_bank_see_the_data_page_through_and_disconnect() {
    let stack = Stack::start().await;
    open_bank_picker(&stack).await;
    // Accent- and case-insensitive search narrows the list to the scenario bank.
    pick_bank(&stack, "transaction date filter", "20101").await;
    // The data goes from the bank to the partner the demo page plays, and it says so.
    let heading = stack
        .wait_for("[data-testid=bank-permissions] h2")
        .await
        .text()
        .await
        .unwrap();
    assert!(heading.ends_with("with Fintech Partner"), "{heading}");
    // What is read is listed, and for how long.
    let duration = stack
        .wait_for("[data-testid=consent-duration]")
        .await
        .text()
        .await
        .unwrap();
    assert!(duration.contains("until you disconnect"), "{duration}");
    leave_for_the_bank(&stack).await;
    stack.log_in_at_the_bank_and_press("#approve").await;

    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    let url = stack.browser.current_url().await.unwrap();
    assert!(
        !url.as_str().contains("state") && !url.as_str().contains("token"),
        "{url}"
    );
    // The flow ends here: connected, with the way back to the partner.
    stack.wait_for("[data-testid=bank-connected]").await;
    stack.wait_for("[data-testid=partner-link]").await;
    stack.wait_for("[data-testid=account]").await;
    let iban = stack
        .wait_for("[data-testid=iban]")
        .await
        .text()
        .await
        .unwrap();
    assert!(iban.contains('•'), "the IBAN starts masked: {iban}");
    stack.wait_for("[data-testid=balance]").await;
    let first_page = stack
        .wait_for("[data-testid=transaction]")
        .await
        .text()
        .await
        .unwrap();
    stack
        .assert_accessible("the connected accounts and transactions")
        .await;
    stack
        .wait_for("[data-testid=tx-next]")
        .await
        .click()
        .await
        .unwrap();
    let row = "[data-testid=transaction]";
    stack
        .wait_for_text(row, "the next page", |text| {
            !text.is_empty() && text != first_page
        })
        .await;
    stack
        .wait_for("[data-testid=tx-previous]")
        .await
        .click()
        .await
        .unwrap();
    stack
        .wait_for_text(row, "the first page again", |text| text == first_page)
        .await;

    // A date window narrows the list to October 2026 (the sandbox's data is seeded).
    let set_dates = "const [from, to] = [document.querySelector('.tx-date-from'), document.querySelector('.tx-date-to')];
        for (const [input, value] of [[from, '2026-10-01'], [to, '2026-10-31']]) {
            input.value = value; input.dispatchEvent(new Event('change', { bubbles: true }));
        }
        document.querySelector('.tx-apply').click();";
    stack.browser.execute(set_dates, vec![]).await.unwrap();
    // The newest row shown is from October: nothing after the window.
    let newest_day =
        "return document.querySelector('[data-testid=transaction]')?.dataset.bookingDate ?? '';";
    let deadline = std::time::Instant::now() + onboard_e2e::harness::UI_TIMEOUT;
    loop {
        let day = stack.browser.execute(newest_day, vec![]).await.unwrap();
        if day.as_str().is_some_and(|d| d.starts_with("2026-10")) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the date window never applied: {day}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    stack
        .browser
        .find(Locator::Css("#bank-disconnect"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Revoked]")
        .await;
    stack.assert_accessible("the disconnected bank").await;
    stack.assert_no_secrets_logged().await;
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denying_at_the_bank_offers_another_try() {
    let stack = Stack::start().await;
    open_bank_picker(&stack).await;
    choose_bank(&stack, "date filter", "20101").await;
    stack.log_in_at_the_bank_and_press("#deny").await;
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Rejected]")
        .await;
    stack.assert_accessible("the rejected consent").await;
    // Trying again goes back to the permissions for the same bank.
    stack
        .browser
        .find(Locator::Css("[data-testid=bank-consent] .onboard-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    stack.wait_for("#consent-continue").await;
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_from_the_bank_waits_a_reload_at_the_bank_still_finishes_and_the_download_bank_delivers(
) {
    let stack = Stack::start().await;
    open_bank_picker(&stack).await;
    choose_bank(&stack, "download", "20102").await;
    // Back to the widget before deciding: it waits for the bank, and forward goes on there.
    stack.browser.back().await.unwrap();
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Open]")
        .await;
    stack.assert_accessible("the wait for the bank").await;
    stack.browser.forward().await.unwrap();
    stack.wait_for("#username").await;
    stack.browser.refresh().await.unwrap();
    stack.log_in_at_the_bank_and_press("#approve").await;
    stack
        .wait_for("[data-testid=consent-status][data-consent-status=Authorised]")
        .await;
    let download = stack.wait_for("[data-testid=tx-download]").await;
    stack
        .assert_accessible("the download-only transactions")
        .await;
    download.click().await.unwrap();
    stack.wait_for("[data-testid=transaction]").await;
    stack.assert_accessible("the downloaded transactions").await;
    stack.shutdown().await;
}
