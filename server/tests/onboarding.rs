//! The onboarding API through the server: the workflow and saved answers, each step's checks,
//! the scan upload and the partner's download, the submit and the provider's decision, the
//! bank's KYC records, and the organization's AML screening for KYB; against the sandbox over
//! real HTTP.

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use protocol::api::onboarding::MAX_SCAN_BYTES;
use protocol::onboarding::Problem;
use serde_json::{json, Value};
use support::banking::{approved_consent, confirm};
use support::documents::{download, png, upload};
use support::steps::{
    answer, answer_every_kyc_step, answer_ok, identity_document, personal_details, submit,
    CLEAN_PNR,
};
use support::{
    harness, harness_with_sandbox, kyc_session, start_recording_sandbox, widget, Harness,
};

const SANCTIONED_PNR: &str = "19780311-1934";
const PEP_PNR: &str = "19820714-0024";

const CLEAN_ORG: &str = "556036-0793";
const SANCTIONED_ORG: &str = "556677-8899";
const FAILING_ORG: &str = "559012-3450";

/// A session of `workflow` in Sweden: its token and application id.
async fn session(h: &Harness, workflow: &str) -> (String, String) {
    let mut body = kyc_session();
    body["workflowId"] = json!(workflow);
    let (created, credential) = h.new_session(body).await;
    (
        credential,
        created["applicationId"].as_str().unwrap().to_owned(),
    )
}

/// The field a 400 names.
async fn refused_field(h: &Harness, token: &str, step: &str, body: Value) -> Option<String> {
    let (status, error) = answer(h, token, step, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{step}: {error}");
    assert_eq!(error["error"]["code"], "invalid_request", "{error}");
    error["error"]["field"].as_str().map(str::to_owned)
}

/// Polls the session's status until it is no longer IN_PROGRESS (the provider's review takes
/// 1.5 s); gives up after about 8 s.
async fn decided_status(h: &Harness, token: &str) -> String {
    for _ in 0..40 {
        let (status, _, view) = h.widget_get("/api/v1/session/status", token).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let current = view["status"].as_str().unwrap().to_owned();
        if current != "IN_PROGRESS" {
            return current;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no decision within 8 s");
}

async fn results(h: &Harness, token: &str) -> Value {
    let (status, current) = widget(h, "GET", "/api/v1/onboarding/results", token, None).await;
    assert_eq!(status, StatusCode::OK, "{current}");
    current["results"].clone()
}

/// The sandbox bank's KYC API, called as the bank's own staff would.
struct Bank {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Bank {
    async fn connect(h: &Harness) -> Self {
        let http = reqwest::Client::new();
        let base = format!("{}kyc/", h.sandbox_url);
        let token: Value = http
            .post(format!("{base}oauth2/token"))
            .basic_auth("onboard-demo", Some("sandbox-secret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = token["access_token"].as_str().expect("a token").to_owned();
        Self { http, base, token }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }
}

// --- KYC --------------------------------------------------------------------------------------

#[tokio::test]
async fn a_person_answers_every_step_submits_and_is_approved_with_records_at_the_bank() {
    let h = harness().await;
    let (token, application_id) = session(&h, "kyc-demo").await;

    let (status, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["workflow"]["workflowId"], "kyc-demo");
    assert_eq!(view["workflow"]["subject"], "PERSON");
    assert_eq!(
        view["workflow"]["steps"],
        json!([
            "personalDetails",
            "contactDetails",
            "address",
            "taxResidence",
            "identityDocument"
        ])
    );
    assert_eq!(view["answers"], json!({}));
    assert_eq!(view["submitted"], false);
    assert!(view.get("scans").is_none(), "{view}");
    // Nothing to read before the submit: an answer, not an error.
    assert_eq!(results(&h, &token).await, Value::Null);

    let scan_id = answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
    assert!(scan_id.starts_with("scan_"), "{scan_id}");

    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    let answers = &view["answers"];
    assert_eq!(
        answers["personalDetails"],
        personal_details(CLEAN_PNR, "1990-01-01")
    );
    assert_eq!(answers["contactDetails"]["email"], "anna@example.se");
    assert_eq!(answers["contactDetails"]["phoneNumber"], "+46701234567");
    assert_eq!(answers["address"]["city"], "Stockholm");
    assert_eq!(answers["taxResidence"]["residences"][0]["country"], "SE");
    assert_eq!(answers["identityDocument"]["scanId"], scan_id.as_str());
    assert_eq!(view["scans"][0]["id"], scan_id.as_str());
    assert_eq!(view["scans"][0]["contentType"], "image/png");
    assert_eq!(view["scans"][0]["size"], png().len());
    assert_eq!(view["scans"][0]["fileName"], "passport.png");
    assert_eq!(view["submitted"], false);

    let (status, submitted) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["status"], "IN_PROGRESS");
    assert_eq!(submitted["applicationId"], application_id.as_str());
    // A retried submit (a double click, a lost answer) is the same answer, not an error.
    let (status, again) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["status"], "IN_PROGRESS");
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(view["submitted"], true);

    assert_eq!(decided_status(&h, &token).await, "APPROVED");
    let results = results(&h, &token).await;
    assert_eq!(results["status"], "APPROVED");
    let person = &results["person"];
    assert_eq!(
        (person["firstName"].as_str(), person["lastName"].as_str()),
        (Some("Anna"), Some("Andersson"))
    );
    assert_eq!(person["dateOfBirth"], "1990-01-01");
    assert_eq!(person["personalIdentityNumber"]["id"], "199001011239");
    assert_eq!(
        person["sanctionHits"].as_array().map_or(0, Vec::len),
        0,
        "{person}"
    );
    let documents = results["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{results}");
    assert_eq!(documents[0]["id"], scan_id.as_str());
    assert_eq!(documents[0]["type"], "PASSPORT", "{}", documents[0]);
    assert_eq!(
        documents[0]["downloadUrl"].as_str().unwrap_or_default(),
        "",
        "the browser gets no download link"
    );

    // The partner's backend reads the same decision and results with its API key.
    let read = partner_reads(&h, &application_id).await;
    assert_eq!(
        (read["status"].as_str(), read["workflowId"].as_str()),
        (Some("APPROVED"), Some("kyc-demo"))
    );
    assert!(read["submittedAt"].is_string(), "{read}");
    assert_eq!(read["results"]["person"]["lastName"], "Andersson");
    assert_eq!(
        read["results"]["documents"][0]["downloadUrl"]
            .as_str()
            .unwrap_or_default(),
        ""
    );

    // The bank's KYC records, under the application's id as customer number.
    let bank = Bank::connect(&h).await;
    let customer = bank
        .call(
            reqwest::Method::POST,
            "obp/v3.1.0/banks/onboard.sandbox.bank/customers/customer-number",
            Some(json!({"customer_number": application_id})),
        )
        .await;
    assert_eq!(customer["legal_name"], "Anna Andersson");
    assert_eq!(customer["email"], "anna@example.se");
    let customer_id = customer["customer_id"].as_str().unwrap();
    let addresses = bank
        .call(
            reqwest::Method::GET,
            &format!("obp/v3.1.0/banks/onboard.sandbox.bank/customers/{customer_id}/addresses"),
            None,
        )
        .await;
    let addresses = addresses["addresses"].as_array().unwrap();
    assert_eq!(
        addresses.len(),
        1,
        "one address, even after two submits: {addresses:?}"
    );
    assert_eq!(
        (
            addresses[0]["line_1"].as_str(),
            addresses[0]["postcode"].as_str()
        ),
        (Some("Drottninggatan 32"), Some("111 45"))
    );
    let documents = bank
        .call(
            reqwest::Method::GET,
            &format!("obp/v2.0.0/customers/{customer_id}/kyc_documents"),
            None,
        )
        .await;
    let documents = documents["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "{documents:?}");
    assert_eq!(
        (
            documents[0]["type"].as_str(),
            documents[0]["number"].as_str()
        ),
        (Some("PASSPORT"), Some("AA1234567"))
    );
    let media = bank
        .call(
            reqwest::Method::GET,
            &format!("obp/v2.0.0/customers/{customer_id}/kyc_media"),
            None,
        )
        .await;
    let media = media["medias"].as_array().unwrap();
    assert_eq!(media.len(), 1, "{media:?}");
    assert_eq!(
        media[0]["url"],
        format!("https://onboard.example/api/v1/documents/{scan_id}")
    );
}

/// A consent approved at the bank but never confirmed by the session may be someone else's:
/// its accounts are not the applicant's to submit.
#[tokio::test]
async fn the_submit_sends_only_a_confirmed_consents_bank_accounts() {
    let (sandbox, provider_paths) = start_recording_sandbox().await;
    let h = harness_with_sandbox(sandbox).await;
    let accounts_read =
        |paths: Vec<String>| paths.iter().any(|p| p.ends_with("/openbanking/accounts"));
    for confirmed in [false, true] {
        let (token, _) = session(&h, "kyc-demo").await;
        let key = format!("submit-bank-{confirmed}");
        let (consent, code) = approved_consent(&h, &token, "20101", json!([]), &key).await;
        if confirmed {
            assert_eq!(
                confirm(&h, Some(&token), &consent, &code).await.0,
                StatusCode::OK
            );
        }
        answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
        provider_paths.take();
        let (status, submitted) = submit(&h, &token).await;
        assert_eq!(status, StatusCode::OK, "{submitted}");
        assert_eq!(
            accounts_read(provider_paths.take()),
            confirmed,
            "confirmed: {confirmed}"
        );
    }
}

#[tokio::test]
async fn bad_answers_name_their_field_and_steps_follow_the_workflow() {
    let h = harness().await;
    let (token, _) = session(&h, "kyc-demo").await;

    let wrong_check_digit = personal_details("19900101-1238", "1990-01-01");
    assert_eq!(
        refused_field(&h, &token, "personalDetails", wrong_check_digit)
            .await
            .as_deref(),
        Some("identityNumber")
    );
    let mismatch = personal_details(CLEAN_PNR, "1990-01-02");
    assert_eq!(
        refused_field(&h, &token, "personalDetails", mismatch)
            .await
            .as_deref(),
        Some("identityNumber")
    );
    // A name of one zero-width space is not filled in; a text-direction override is refused
    // by its own problem, which the widget translates.
    let invisible = json!({"firstName": "\u{200B}", "lastName": "Andersson", "dateOfBirth": "1990-01-01", "identityNumber": CLEAN_PNR});
    let (status, error) = answer(&h, &token, "personalDetails", invisible).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["field"], "firstName", "{error}");
    assert_eq!(
        error["error"]["message"], "firstName is required",
        "{error}"
    );
    let overridden = json!({"addressLine1": "Storgatan\u{202E} 1", "postalCode": "111 22", "city": "Stockholm", "country": "SE"});
    let (status, error) = answer(&h, &token, "address", overridden).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["field"], "addressLine1", "{error}");
    assert_eq!(
        error["error"]["message"],
        format!("addressLine1 {}", Problem::HiddenCharacter.english()),
        "{error}"
    );
    let zero_width_email =
        json!({"email": "anna@\u{200B}example.com", "phoneNumber": "+46701234567"});
    assert_eq!(
        refused_field(&h, &token, "contactDetails", zero_width_email)
            .await
            .as_deref(),
        Some("email")
    );

    let bad_email = json!({"email": "anna-at-example", "phoneNumber": "+46701234567"});
    assert_eq!(
        refused_field(&h, &token, "contactDetails", bad_email)
            .await
            .as_deref(),
        Some("email")
    );

    let mut expired = identity_document("scan_anything");
    expired["issueDate"] = json!("2015-01-01");
    expired["expiryDate"] = json!("2020-01-01");
    assert_eq!(
        refused_field(&h, &token, "identityDocument", expired)
            .await
            .as_deref(),
        Some("expiryDate")
    );
    let never_uploaded = identity_document("scan_000000000000000000000000");
    assert_eq!(
        refused_field(&h, &token, "identityDocument", never_uploaded)
            .await
            .as_deref(),
        Some("scanId")
    );

    // Not JSON of the step's shape: a 400 too.
    let (status, _) = answer(&h, &token, "address", json!({"street": "Storgatan 1"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    for step in [
        "favouriteColour",
        "organization",
        "review",
        "bankConnection",
    ] {
        let (status, error) = answer(&h, &token, step, json!({})).await;
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{step}"
        );
    }

    // Nothing saved by the refusals.
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(view["answers"], json!({}));

    let (status, error) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["field"], "personalDetails", "{error}");
    answer_ok(
        &h,
        &token,
        "personalDetails",
        personal_details(CLEAN_PNR, "1990-01-01"),
    )
    .await;
    let (status, error) = submit(&h, &token).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("contactDetails")),
        "{error}"
    );

    answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
    let (status, submitted) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK, "{submitted}");

    let (status, error) = answer(&h, &token, "address", json!({
        "addressLine1": "Storgatan 1", "postalCode": "111 22", "city": "Stockholm", "country": "SE",
    }))
    .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict")),
        "{error}"
    );
    let (status, _) = upload(&h, &token, png(), "late.png").await;
    assert_eq!(status, StatusCode::CONFLICT);
}

/// A national ID card has a back, a scan of its own among the application's; both sides reach
/// the provider and the bank. A passport has no back, and keeps none.
#[tokio::test]
async fn a_card_needs_a_scan_of_its_back_which_reaches_the_provider_and_the_bank() {
    let h = harness().await;
    let (token, application_id) = session(&h, "kyc-demo").await;
    let front = answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
    // Scans are named by their bytes: the back is another picture.
    let mut back_png = png();
    back_png.extend_from_slice(b" of the back");
    let (status, back) = upload(&h, &token, back_png, "back.png").await;
    assert_eq!(status, StatusCode::CREATED, "{back}");
    let back = back["id"].as_str().unwrap().to_owned();

    let mut passport = identity_document(&front);
    passport["backScanId"] = json!(back);
    answer_ok(&h, &token, "identityDocument", passport).await;
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(view["answers"]["identityDocument"]["backScanId"], "");

    let mut card = identity_document(&front);
    card["documentType"] = json!("NATIONAL_ID_CARD");
    assert_eq!(
        refused_field(&h, &token, "identityDocument", card.clone())
            .await
            .as_deref(),
        Some("backScanId")
    );
    let (other_token, _) = session(&h, "kyc-demo").await;
    let (status, others) = upload(&h, &other_token, png(), "back.png").await;
    assert_eq!(status, StatusCode::CREATED, "{others}");
    for not_this_applications in [others["id"].clone(), json!("scan_000000000000000000000000")] {
        card["backScanId"] = not_this_applications;
        let (status, error) = answer(&h, &token, "identityDocument", card.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(
            (
                error["error"]["code"].as_str(),
                error["error"]["field"].as_str(),
                error["error"]["message"].as_str()
            ),
            (
                Some("invalid_request"),
                Some("backScanId"),
                Some("backScanId names no scan uploaded in this session")
            )
        );
    }
    card["backScanId"] = json!(front);
    assert_eq!(
        refused_field(&h, &token, "identityDocument", card.clone())
            .await
            .as_deref(),
        Some("backScanId")
    );
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(
        view["answers"]["identityDocument"]["documentType"],
        "PASSPORT"
    );

    card["backScanId"] = json!(back);
    answer_ok(&h, &token, "identityDocument", card).await;
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    let saved = &view["answers"]["identityDocument"];
    assert_eq!(
        (saved["scanId"].as_str(), saved["backScanId"].as_str()),
        (Some(front.as_str()), Some(back.as_str()))
    );

    let (status, submitted) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(decided_status(&h, &token).await, "APPROVED");
    let results = results(&h, &token).await;
    let documents: Vec<_> = results["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str(), d["context"].as_str(), d["type"].as_str()))
        .collect();
    assert_eq!(
        documents,
        [
            (
                Some(front.as_str()),
                Some("DOCUMENT_FRONT"),
                Some("NATIONAL_ID_CARD")
            ),
            (
                Some(back.as_str()),
                Some("DOCUMENT_BACK"),
                Some("NATIONAL_ID_CARD")
            ),
        ]
    );

    let bank = Bank::connect(&h).await;
    let customer = bank
        .call(
            reqwest::Method::POST,
            "obp/v3.1.0/banks/onboard.sandbox.bank/customers/customer-number",
            Some(json!({"customer_number": application_id})),
        )
        .await;
    let customer_id = customer["customer_id"].as_str().unwrap();
    let media = bank
        .call(
            reqwest::Method::GET,
            &format!("obp/v2.0.0/customers/{customer_id}/kyc_media"),
            None,
        )
        .await;
    let mut media: Vec<_> = media["medias"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["type"].as_str().unwrap().to_owned(),
                m["url"].as_str().unwrap().to_owned(),
                m["relates_to_kyc_document_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    media.sort();
    let document_id = format!("{application_id}-identity-document");
    assert_eq!(
        media,
        [
            (
                "DOCUMENT_SCAN".to_owned(),
                format!("https://onboard.example/api/v1/documents/{front}"),
                document_id.clone()
            ),
            (
                "DOCUMENT_SCAN_BACK".to_owned(),
                format!("https://onboard.example/api/v1/documents/{back}"),
                document_id
            ),
        ]
    );
}

#[tokio::test]
async fn uploads_are_typed_by_content_limited_in_size_and_downloadable_by_the_partner() {
    let h = harness().await;
    let (token, _) = session(&h, "kyc-demo").await;

    for (content, name) in [
        (b"GIF89a\x01\x00\x01\x00".to_vec(), "passport.png"),
        (b"just some text".to_vec(), "notes.txt"),
        (vec![], "empty.png"),
    ] {
        let (status, error) = upload(&h, &token, content, name).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {error}");
        assert_eq!(error["error"]["field"], "file", "{error}");
    }
    let mut huge = png();
    huge.resize(MAX_SCAN_BYTES as usize + 1, 0);
    let (status, _) = upload(&h, &token, huge, "huge.png").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert!(view.get("scans").is_none(), "nothing stored: {view}");

    let (status, first) = upload(&h, &token, png(), "front.png").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["contentType"], "image/png");
    let (status, second) = upload(&h, &token, png(), "front%20again.png").await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(first["id"], second["id"]);
    assert_eq!(second["fileName"], "front again.png");
    // A right-to-left override would show `scan\u{202E}gnp.exe` as `scanexe.png`; it and the
    // zero-width space are dropped from the name kept, shown back and sent to the provider.
    let (status, third) = upload(&h, &token, png(), "scan%E2%80%AEgnp%E2%80%8B.exe").await;
    assert_eq!(status, StatusCode::CREATED, "{third}");
    assert_eq!(third["fileName"], "scangnp.exe");
    let (_, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    // The same scan, listed once under its latest name.
    assert_eq!(view["scans"].as_array().unwrap().len(), 1, "{view}");
    assert_eq!(view["scans"][0]["fileName"], "scangnp.exe");
    let id = first["id"].as_str().unwrap();

    let (status, bytes) = download(&h, id, Some("demo-partner-key")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes.as_ref(), png().as_slice());
    assert_eq!(download(&h, id, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        download(&h, id, Some("forged-key")).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Another partner's key does not reach this partner's scans; a widget token is no key.
    assert_eq!(
        download(&h, id, Some("other-key")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&h, id, Some(&token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        download(
            &h,
            "scan_000000000000000000000000",
            Some("demo-partner-key")
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_sanctioned_person_is_declined_with_the_hit_for_the_partner_alone() {
    let h = harness().await;
    let (token, application_id) = session(&h, "kyc-demo").await;
    answer_every_kyc_step(&h, &token, SANCTIONED_PNR, "1978-03-11").await;
    let (status, submitted) = submit(&h, &token).await;
    assert_eq!(
        (status, submitted["status"].as_str()),
        (StatusCode::OK, Some("IN_PROGRESS")),
        "{submitted}"
    );
    assert_eq!(decided_status(&h, &token).await, "DECLINED");
    let results = results(&h, &token).await;
    assert_eq!(results["status"], "DECLINED");
    assert_no_screening(&results);
    let read = partner_reads(&h, &application_id).await;
    let hits = read["results"]["person"]["sanctionHits"]
        .as_array()
        .unwrap();
    assert_eq!(hits.len(), 1, "{read}");
    assert_eq!(
        hits[0]["dateOfBirths"],
        json!(["1978-03-11"]),
        "{}",
        hits[0]
    );
}

#[tokio::test]
async fn a_politically_exposed_person_goes_to_the_partners_manual_review() {
    let h = harness().await;
    let (token, application_id) = session(&h, "kyc-demo").await;
    answer_every_kyc_step(&h, &token, PEP_PNR, "1982-07-14").await;
    let (status, _) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decided_status(&h, &token).await, "MANUAL_REVIEW");
    assert_no_screening(&results(&h, &token).await);
    let read = partner_reads(&h, &application_id).await;
    assert_eq!(read["status"], "MANUAL_REVIEW", "{read}");
    assert_eq!(
        read["results"]["person"]["pepHits"]
            .as_array()
            .map_or(0, Vec::len),
        1,
        "{read}"
    );
}

/// The applicant's browser gets no screening: no hit, and none of a hit's fields.
fn assert_no_screening(results: &Value) {
    let text = results.to_string();
    for field in ["listedDate", "pepCountry", "\"source\""] {
        assert!(!text.contains(field), "{field} in {results}");
    }
}

/// The partner's backend reads the application with its API key.
async fn partner_reads(h: &Harness, application_id: &str) -> Value {
    let (status, read) = h
        .partner_get(
            &format!("/api/v1/applications/{application_id}"),
            "demo-partner-key",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    read
}

// --- KYB --------------------------------------------------------------------------------------

async fn start_screening(h: &Harness, token: &str, number: &str) -> Value {
    let body = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": number});
    let (status, started) =
        widget(h, "POST", "/api/v1/onboarding/screening", token, Some(body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    assert_eq!(started["state"], "PENDING");
    started
}

/// Polls the screening until it is no longer PENDING (the AML provider takes 1.2 s); gives up
/// after about 10 s.
async fn finished_screening(h: &Harness, token: &str) -> Value {
    for _ in 0..50 {
        let (status, current) = widget(h, "GET", "/api/v1/onboarding/screening", token, None).await;
        assert_eq!(status, StatusCode::OK, "{current}");
        let view = &current["screening"];
        if view["state"] != "PENDING" {
            return view.clone();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the screening did not finish within 10 s");
}

async fn answer_every_kyb_step(h: &Harness, token: &str, number: &str) {
    let organization = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": number, "confirmed": true});
    answer_ok(h, token, "organization", organization).await;
    answer_ok(h, token, "signing", json!({"combination": 0})).await;
    let contact = json!({"firstName": "Erik", "lastName": "Nordvik", "email": "erik@nordvik.example", "phoneNumber": "+46701234568"});
    answer_ok(h, token, "organizationContact", contact).await;
}

#[tokio::test]
async fn an_organization_is_screened_confirmed_submitted_and_approved() {
    let h = harness().await;
    let (token, _) = session(&h, "kyb-demo").await;
    let (status, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["workflow"]["subject"], "ORGANIZATION");
    assert_eq!(
        view["workflow"]["steps"],
        json!(["organization", "signing", "organizationContact"])
    );

    // Before any screening: nothing to show (an answer, not an error), and nothing to confirm
    // or sign.
    let (status, none) = widget(&h, "GET", "/api/v1/onboarding/screening", &token, None).await;
    assert_eq!((status, none), (StatusCode::OK, json!({"screening": null})));
    let (status, _) = answer(&h, &token, "signing", json!({"combination": 0})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let started = start_screening(&h, &token, CLEAN_ORG).await;
    assert_eq!(started["organizationNumber"], "5560360793");
    // Starting again while it runs is the same screening.
    let body = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": "5560360793"});
    let (status, again) = widget(
        &h,
        "POST",
        "/api/v1/onboarding/screening",
        &token,
        Some(body),
    )
    .await;
    assert_eq!(
        (status, again["organizationNumber"].as_str()),
        (StatusCode::OK, Some("5560360793")),
        "{again}"
    );
    let too_early = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": CLEAN_ORG, "confirmed": true});
    assert_eq!(
        refused_field(&h, &token, "organization", too_early)
            .await
            .as_deref(),
        Some("organizationNumber")
    );

    let screening = finished_screening(&h, &token).await;
    assert_eq!(screening["state"], "READY", "{screening}");
    let profile = &screening["profile"];
    assert_eq!(profile["organizationNumber"], "5560360793");
    assert!(profile.get("sanction").is_none(), "{profile}");
    let combinations = profile["signingCombinations"].as_array().unwrap();
    assert!(combinations.len() >= 2, "{profile}");
    assert!(
        combinations
            .iter()
            .all(|c| !c["signers"].as_array().unwrap().is_empty()),
        "{profile}"
    );
    assert!(
        !profile["beneficialOwners"].as_array().unwrap().is_empty(),
        "{profile}"
    );
    // Each address under its kind, so the widget can label it.
    let kinds: Vec<&str> = profile["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|address| address["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["VISITING", "POSTAL", "REGISTERED"], "{profile}");
    // The register's words in its own language, beside Onboard's reading of each rule.
    assert!(
        combinations
            .iter()
            .all(|c| c["descriptionLanguage"] == "sv"),
        "{profile}"
    );
    let ruled = |description: &str, rule: Value| {
        combinations
            .iter()
            .any(|c| c["description"] == description && c["rule"] == rule)
    };
    assert!(
        ruled(
            "Firman tecknas av styrelsen",
            json!({"kind": "WHOLE_BOARD"})
        ),
        "{profile}"
    );
    assert!(
        ruled(
            "Firman tecknas av två styrelseledamöter i förening",
            json!({"kind": "BOARD_MEMBERS", "count": 2})
        ),
        "{profile}"
    );
    assert!(
        ruled(
            "Verkställande direktören tecknar firman beträffande löpande förvaltningsåtgärder",
            json!({"kind": "CHIEF_EXECUTIVE"})
        ),
        "{profile}"
    );

    let not_confirmed = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": CLEAN_ORG, "confirmed": false});
    assert_eq!(
        refused_field(&h, &token, "organization", not_confirmed)
            .await
            .as_deref(),
        Some("confirmed")
    );
    let other = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": SANCTIONED_ORG, "confirmed": true});
    assert_eq!(
        refused_field(&h, &token, "organization", other)
            .await
            .as_deref(),
        Some("organizationNumber")
    );
    let out_of_range = json!({"combination": combinations.len()});
    assert_eq!(
        refused_field(&h, &token, "signing", out_of_range)
            .await
            .as_deref(),
        Some("combination")
    );

    answer_every_kyb_step(&h, &token, CLEAN_ORG).await;
    let (status, submitted) = submit(&h, &token).await;
    assert_eq!(
        (status, submitted["status"].as_str()),
        (StatusCode::OK, Some("IN_PROGRESS")),
        "{submitted}"
    );
    assert_eq!(decided_status(&h, &token).await, "APPROVED");

    let results = results(&h, &token).await;
    assert_eq!(results["status"], "APPROVED");
    let organization = &results["organization"];
    assert!(organization.is_object(), "{results}");
    assert!(
        organization.to_string().contains("5560360793"),
        "{organization}"
    );
    assert!(
        !results["signingCombinations"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{results}"
    );
    assert_eq!(
        results["organizationContact"]["email"],
        "erik@nordvik.example"
    );
    assert_eq!(results["person"]["firstName"], "Erik");
}

#[tokio::test]
async fn an_organization_on_a_sanctions_list_is_declined() {
    let h = harness().await;
    let (token, application_id) = session(&h, "kyb-demo").await;
    start_screening(&h, &token, SANCTIONED_ORG).await;
    let screening = finished_screening(&h, &token).await;
    assert_eq!(screening["state"], "READY", "{screening}");
    // The applicant is not told; the partner reads it once decided.
    assert!(
        !screening.to_string().to_lowercase().contains("sanction"),
        "{screening}"
    );
    answer_every_kyb_step(&h, &token, SANCTIONED_ORG).await;
    let (status, _) = submit(&h, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decided_status(&h, &token).await, "DECLINED");
    assert_no_screening(&results(&h, &token).await);
    let read = partner_reads(&h, &application_id).await;
    let hits = &read["results"]["organization"]["sanctionHits"];
    assert!(
        hits.as_array().is_some_and(|hits| !hits.is_empty()),
        "{read}"
    );
}

#[tokio::test]
async fn a_failed_screening_is_told_and_can_be_started_again() {
    let h = harness().await;
    let (token, _) = session(&h, "kyb-demo").await;
    start_screening(&h, &token, FAILING_ORG).await;
    let screening = finished_screening(&h, &token).await;
    assert_eq!(screening["state"], "FAILED", "{screening}");
    assert!(screening.get("profile").is_none(), "{screening}");
    let organization = json!({"identifierType": "ORGANIZATION_NUMBER", "organizationNumber": FAILING_ORG, "confirmed": true});
    assert_eq!(
        refused_field(&h, &token, "organization", organization)
            .await
            .as_deref(),
        Some("organizationNumber")
    );
    // A failed screening does not hold the session: the same start runs a new one.
    start_screening(&h, &token, FAILING_ORG).await;
    let (status, error) = submit(&h, &token).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("organization")),
        "{error}"
    );
}

#[tokio::test]
async fn one_read_of_the_workflow_serves_every_answer_saved() {
    let (sandbox, paths) = start_recording_sandbox().await;
    let h = harness_with_sandbox(sandbox).await;
    let (token, _) = session(&h, "kyc-demo").await;
    paths.take();
    answer_every_kyc_step(&h, &token, CLEAN_PNR, "1990-01-01").await;
    let (status, view) = widget(&h, "GET", "/api/v1/onboarding", &token, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let reads = paths
        .take()
        .iter()
        .filter(|path| path.ends_with("/workflows.get"))
        .count();
    assert_eq!(reads, 1, "five answers and a read of the steps");
}
