//! Carrying on elsewhere. Later: the partner mints a new session for the application, and the
//! widget opened with it in another browser resumes at the first unanswered step, with every
//! saved answer and what was typed there but not saved. On a phone: the computer shows a QR
//! code of a one-time link, the phone takes the document's photo, and the computer follows.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use onboard_e2e::cdp::cdp;
use onboard_e2e::harness::{assert_accessible_in, wait_in, Stack, UI_TIMEOUT};
use protocol::api::onboarding::MAX_SCAN_BYTES;
use protocol::api::paths;
use serde_json::{json, Value};

use crate::hosted_flow::credential_key;
use crate::onboarding_flow::{continue_to, type_date, type_into, value_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_session_carries_on_in_another_browser_with_the_answers_and_the_draft() {
    let stack = Stack::start().await;
    let session = stack.open_hosted_link("kyc-demo").await;
    let application_id = session["applicationId"].as_str().unwrap().to_owned();
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    type_into(&stack, "#first-name", "Tolvan").await;
    type_into(&stack, "#last-name", "Tolvansson").await;
    type_into(&stack, "#identity-number", "19900101-1239").await;
    continue_to(&stack, "contactDetails").await;
    // Typed, never saved: after a pause in typing the draft is on the server.
    type_into(&stack, "#email", "tolvan@example.com").await;
    let credential = stack.session_storage(&credential_key()).await.unwrap();
    let deadline = Instant::now() + UI_TIMEOUT;
    while drafted(&stack, &credential, "contactDetails", "email")
        .await
        .as_deref()
        != Some("tolvan@example.com")
    {
        assert!(
            Instant::now() < deadline,
            "the draft never reached the server"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The customer's tab is gone; the partner's backend mints a new session for them.
    let again = stack.mint_session_again(&application_id).await;
    let elsewhere = stack.other_browser("elsewhere").await;
    let token = again["sessionToken"].as_str().unwrap();
    elsewhere
        .goto(&format!("{}/#token={token}", stack.base))
        .await
        .unwrap();
    wait_in(&elsewhere, "[data-testid=step][data-step=contactDetails]").await;
    assert_eq!(value_in(&elsewhere, "#email").await, "tolvan@example.com");
    wait_in(&elsewhere, "#step-back")
        .await
        .click()
        .await
        .unwrap();
    wait_in(&elsewhere, "[data-testid=step][data-step=personalDetails]").await;
    assert_eq!(value_in(&elsewhere, "#first-name").await, "Tolvan");
    assert_eq!(
        value_in(&elsewhere, "#identity-number").await,
        "19900101-1239"
    );
    elsewhere.close().await.unwrap();
    stack.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_computer_hands_off_to_a_phone_for_the_photo_and_follows_it() {
    let stack = Stack::start().await;
    stack.open_hosted_link("kyc-demo").await;
    walk_to_the_document(&stack).await;
    // Typed on the computer: the phone carries on with it.
    type_into(&stack, "#document-number", "AA1234567").await;
    let credential = stack.session_storage(&credential_key()).await.unwrap();
    let deadline = Instant::now() + UI_TIMEOUT;
    while drafted(&stack, &credential, "identityDocument", "number")
        .await
        .as_deref()
        != Some("AA1234567")
    {
        assert!(
            Instant::now() < deadline,
            "the draft never reached the server"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stack
        .wait_for("#handoff-start")
        .await
        .click()
        .await
        .unwrap();
    let code = stack.wait_for("[data-testid=handoff-qr]").await;
    let image = code.attr("src").await.unwrap().unwrap_or_default();
    assert!(image.starts_with("data:image/svg+xml,"), "{image}");
    stack.assert_accessible("the handoff's code").await;
    let link = value_of(&stack, "#handoff-link").await;
    assert!(
        link.starts_with(&stack.base) && link.contains("#token="),
        "{link}"
    );

    // The phone: its size, and touch.
    let phone = stack.other_browser("phone").await;
    phone.set_window_size(390, 844).await.unwrap();
    let touch = json!({"enabled": true, "maxTouchPoints": 5});
    cdp(&phone, "Emulation.setTouchEmulationEnabled", touch).await;
    phone.goto(&link).await.unwrap();
    wait_in(&phone, "[data-testid=step][data-step=identityDocument]").await;
    let number = wait_in(&phone, "#document-number")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(number.as_deref(), Some("AA1234567"), "the computer's draft");
    stack
        .wait_for_text(
            "[data-testid=handoff-claimed]",
            "the phone took over",
            |t| !t.is_empty(),
        )
        .await;
    // A phone with a camera: no handoff offered, the rear camera one press away.
    assert!(phone.find(Locator::Css("#handoff-start")).await.is_err());
    let camera = wait_in(&phone, "#document-scan-camera").await;
    assert_eq!(
        camera.attr("capture").await.unwrap().as_deref(),
        Some("environment")
    );
    // A national ID card: both its sides.
    wait_in(&phone, "#document-type")
        .await
        .select_by_value("NATIONAL_ID_CARD")
        .await
        .unwrap();
    type_date(&phone, "#issue-date", "2021-05-01").await;
    type_date(&phone, "#expiry-date", "2031-05-01").await;
    // A 12-megapixel photo, larger than the limit as it was taken: sent scaled down, as a JPEG,
    // after a preview, over a slow connection (1 MB/s up), the bar showing how much is sent.
    cdp(&phone, "Network.enable", json!({})).await;
    let upload_at = |bytes_per_second: i64| json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": bytes_per_second});
    cdp(
        &phone,
        "Network.emulateNetworkConditions",
        upload_at(1_000_000),
    )
    .await;
    let taken = take_a_photo(&phone, "#document-scan-camera", 4032, 3024).await;
    assert!(
        taken > MAX_SCAN_BYTES as f64,
        "over the limit as taken: {taken}"
    );
    wait_in(&phone, "[data-testid=scan-preview]").await;
    part_sent(&phone).await;
    sent_as(&phone, "document-scan", "photo.jpg").await;
    cdp(&phone, "Network.emulateNetworkConditions", upload_at(-1)).await;
    take_a_photo(&phone, "#document-scan-back-camera", 640, 480).await;
    sent_as(&phone, "document-scan-back", "photo.png").await;
    assert_accessible_in(&phone, "the document's capture on a phone, both sides sent").await;
    // A reload (the phone's browser dropped the tab) shows each side as it was sent.
    phone.refresh().await.unwrap();
    wait_in(&phone, "[data-testid=step][data-step=identityDocument]").await;
    sent_as(&phone, "document-scan", "photo.jpg").await;
    sent_as(&phone, "document-scan-back", "photo.png").await;
    wait_in(&phone, "#step-continue")
        .await
        .click()
        .await
        .unwrap();
    wait_in(&phone, "[data-testid=step][data-step=bankConnection]").await;
    // The computer goes on from where the phone is.
    stack
        .wait_for("[data-testid=step][data-step=bankConnection]")
        .await;
    phone.close().await.unwrap();

    // The link is spent.
    let again = stack.other_browser("again").await;
    again.goto(&link).await.unwrap();
    wait_in(&again, "[data-testid=link-used]").await;
    again.close().await.unwrap();
    stack.shutdown().await;
}

/// A photo of `width` × `height` pixels of noise (a fixed sequence: the same every run, and
/// too varied to compress, as a real photo is), taken with the file input `css`; its size in
/// bytes as taken.
async fn take_a_photo(browser: &fantoccini::Client, css: &str, width: u32, height: u32) -> f64 {
    let script = "const [css, width, height, done] = arguments;
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        const pixels = context.createImageData(width, height);
        let seed = 1;
        for (let i = 0; i < pixels.data.length; i += 4) {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            pixels.data[i] = seed & 255;
            pixels.data[i + 1] = (seed >> 8) & 255;
            pixels.data[i + 2] = (seed >> 16) & 255;
            pixels.data[i + 3] = 255;
        }
        context.putImageData(pixels, 0, 0);
        canvas.convertToBlob({ type: 'image/png' }).then((png) => {
            const taken = new DataTransfer();
            taken.items.add(new File([png], 'photo.png', { type: 'image/png' }));
            const input = document.querySelector(css);
            input.files = taken.files;
            input.dispatchEvent(new Event('change', { bubbles: true }));
            done(png.size);
        });";
    let size = browser
        .execute_async(script, vec![json!(css), json!(width), json!(height)])
        .await
        .unwrap();
    size.as_f64().unwrap()
}

/// Waits until an upload's progress bar shows a part of the image sent, not none nor all.
async fn part_sent(browser: &fantoccini::Client) {
    let share = "const bar = document.querySelector('.onboard-capture__progress');
        return bar && bar.getAttribute('value');";
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let shown = browser.execute(share, vec![]).await.unwrap();
        let share: Option<f64> = shown.as_str().and_then(|share| share.parse().ok());
        if share.is_some_and(|share| share > 0.0 && share < 1.0) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no part of the upload shown: {shown}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the side whose input is `id` says it sent `file_name`.
async fn sent_as(browser: &fantoccini::Client, id: &str, file_name: &str) {
    let status = format!("[data-testid=scan][data-scan-for={id}]");
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let sent = wait_in(browser, &status).await.text().await.unwrap();
        if sent.contains(file_name) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{id}: {file_name} was never sent: {sent}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// From the first step to the document's, with every step before it answered.
async fn walk_to_the_document(stack: &Stack) {
    stack
        .wait_for("[data-testid=step][data-step=personalDetails]")
        .await;
    type_into(stack, "#first-name", "Tolvan").await;
    type_into(stack, "#last-name", "Tolvansson").await;
    type_into(stack, "#identity-number", "19900101-1239").await;
    continue_to(stack, "contactDetails").await;
    type_into(stack, "#email", "tolvan@example.com").await;
    type_into(stack, "#phone", "070-123 45 67").await;
    continue_to(stack, "address").await;
    type_into(stack, "#address-line1", "Drottninggatan 32").await;
    type_into(stack, "#postal-code", "111 45").await;
    type_into(stack, "#city", "Stockholm").await;
    continue_to(stack, "taxResidence").await;
    continue_to(stack, "identityDocument").await;
}

/// A field of a step's draft as the server keeps it for the session's application.
async fn drafted(stack: &Stack, credential: &str, step: &str, field: &str) -> Option<String> {
    let view: Value = reqwest::Client::new()
        .get(format!("{}{}", stack.base, paths::ONBOARDING))
        .bearer_auth(credential)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    view["drafts"][step][field].as_str().map(str::to_owned)
}

async fn value_in(browser: &fantoccini::Client, css: &str) -> String {
    wait_in(browser, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}
