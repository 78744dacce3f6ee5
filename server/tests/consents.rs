//! Open-banking consents through the server: create, the bank's redirect back with its state,
//! data under the consent, revocation; against the sandbox's mock bank over real HTTP.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use support::banking::{
    approved_consent, at_the_bank, confirm, create_consent, follow_back, return_code,
};
use support::{
    assert_invalid_field, harness, harness_with_sandbox, kyc_session, start_recording_sandbox,
    widget, Harness,
};
use tower::ServiceExt;

const DATE_BANK: &str = "20101";
const DOWNLOAD_BANK: &str = "20102";
/// Cannot revoke at the bank: deleting leaves the consent RevokedAtTpp.
const NO_REVOKE_BANK: &str = "20116";

async fn session(h: &Harness) -> String {
    h.new_session(kyc_session()).await.1
}

/// Approved at the bank, back, and confirmed by the session.
async fn authorised_consent(
    h: &Harness,
    token: &str,
    bank: &str,
    permissions: Value,
    key: &str,
) -> String {
    let (id, code) = approved_consent(h, token, bank, permissions, key).await;
    let (status, confirmed) = confirm(h, Some(token), &id, &code).await;
    assert_eq!(
        (status, confirmed["status"].as_str()),
        (StatusCode::OK, Some("Authorised")),
        "{confirmed}"
    );
    id
}

#[tokio::test]
async fn banks_are_listed_by_country_and_searched() {
    let h = harness().await;
    let token = session(&h).await;
    let (status, all) = widget(&h, "GET", "/api/v1/banks", &token, None).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert!(all["banks"].as_array().unwrap().len() >= 50);
    let (_, swedish) = widget(&h, "GET", "/api/v1/banks?country=SE", &token, None).await;
    assert!(swedish["banks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["country"] == "SE"));
    let (_, found) = widget(&h, "GET", "/api/v1/banks?q=date%20filter", &token, None).await;
    assert!(
        found["banks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == DATE_BANK),
        "{found}"
    );
    let (status, error) = widget(&h, "GET", "/api/v1/banks?country=XX", &token, None).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("country"))
    );
    // `q` is up to 64 characters, as its document says, whatever their UTF-8 length.
    let longest = format!("/api/v1/banks?q={}", "%C3%A5".repeat(64));
    let (status, none) = widget(&h, "GET", &longest, &token, None).await;
    assert_eq!(status, StatusCode::OK, "{none}");
    let too_long = format!("/api/v1/banks?q={}", "%20".repeat(64) + "a");
    let (status, error) = widget(&h, "GET", &too_long, &token, None).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("q"))
    );
    let (status, _) = widget(&h, "GET", "/api/v1/banks", "forged", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_consent_is_created_once_per_key_and_approved_at_the_bank() {
    let h = harness().await;
    let token = session(&h).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "double-click-1").await;
    let id = created["consentId"].as_str().unwrap();
    assert!(created["redirectUrl"]
        .as_str()
        .unwrap()
        .starts_with(&h.sandbox_url));
    let body = json!({"bankId": DATE_BANK, "idempotencyKey": "double-click-1"});
    let (status, again) = widget(&h, "POST", "/api/v1/consents", &token, Some(body)).await;
    assert_eq!(
        (status, again["consentId"].as_str()),
        (StatusCode::OK, Some(id))
    );

    let (_, open) = widget(&h, "GET", &format!("/api/v1/consents/{id}"), &token, None).await;
    assert_eq!(open["status"], "Open");
    assert_eq!(
        open["permissions"],
        json!(["Accounts", "Balances", "Transactions"])
    );

    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    assert!(
        redirect.contains("/callback/consent?") && redirect.contains("state="),
        "{redirect}"
    );
    let (status, location) = follow_back(&h, &redirect).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let (_, code) = return_code(&location);
    confirm(&h, Some(&token), id, &code).await;
    let (_, authorised) = widget(&h, "GET", &format!("/api/v1/consents/{id}"), &token, None).await;
    assert_eq!(authorised["status"], "Authorised");

    // The same redirect again (a replay, or a second tab) changes nothing.
    assert_eq!(follow_back(&h, &redirect).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_wrong_state_is_refused_and_changes_nothing() {
    let h = harness().await;
    let token = session(&h).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "wrong-state-1").await;
    let id = created["consentId"].as_str().unwrap();
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    let tampered = redirect.replace("state=", "state=x");
    assert_eq!(follow_back(&h, &tampered).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        follow_back(&h, &format!("http://x/callback/consent?consentId={id}"))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    let stored: (String, Option<i64>) =
        sqlx::query_as("SELECT status, state_used_at FROM consents WHERE id = $1")
            .bind(id)
            .fetch_one(&h.state.db)
            .await
            .unwrap();
    assert_eq!(stored, ("Open".to_owned(), None));
    // The genuine redirect still works afterwards.
    assert_eq!(follow_back(&h, &redirect).await.0, StatusCode::SEE_OTHER);
}

/// The callback's page for the bank's redirect, as a browser asking for `languages` gets it:
/// its status, `lang` attribute and text, and its Content-Security-Policy.
async fn refusal_page(
    h: &Harness,
    redirect: &str,
    languages: Option<&str>,
) -> (StatusCode, String, String) {
    let url = reqwest::Url::parse(redirect).unwrap();
    let mut request = Request::get(format!(
        "{}?{}",
        url.path(),
        url.query().unwrap_or_default()
    ));
    if let Some(languages) = languages {
        request = request.header(header::ACCEPT_LANGUAGE, languages);
    }
    let response = h
        .app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap(), policy)
}

#[tokio::test]
async fn a_refused_return_is_explained_in_the_sessions_language_else_the_browsers() {
    let h = harness().await;
    // A Swedish session (sv-SE).
    let token = session(&h).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "language-1").await;
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    assert_eq!(follow_back(&h, &redirect).await.0, StatusCode::SEE_OTHER);

    // Replayed: the state is spent, but still the Swedish session's consent's, whatever the
    // browser prefers.
    let (status, page, policy) = refusal_page(&h, &redirect, Some("de-DE,de;q=0.9")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains(r#"<html lang="sv">"#), "{page}");
    assert!(
        page.contains("<h1>Den här banklänken gäller inte längre</h1>")
            && page.contains("Ingenting har ändrats."),
        "{page}"
    );
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self'")
            && policy.contains("style-src 'self';"),
        "{policy}"
    );

    let unknown = "http://x/callback/consent?consentId=c-1&state=no-consents-state";
    let (status, page, _) = refusal_page(&h, unknown, Some("fr-CH, de;q=0.8, en;q=0.5")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains(r#"<html lang="de">"#), "{page}");
    assert!(
        page.contains("Dieser Bank-Link ist nicht mehr gültig"),
        "{page}"
    );
    let (_, page, _) = refusal_page(&h, unknown, Some("nn-NO")).await;
    assert!(page.contains(r#"<html lang="nb">"#), "{page}");
    let (_, page, _) = refusal_page(&h, "http://x/callback/consent", None).await;
    assert!(
        page.contains(r#"<html lang="en">"#) && page.contains("This bank link is no longer valid"),
        "{page}"
    );
}

#[tokio::test]
async fn an_expired_state_is_refused() {
    let h = harness().await;
    let token = session(&h).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "late-return-1").await;
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    sqlx::query("UPDATE consents SET state_expires_at = 0")
        .execute(&h.state.db)
        .await
        .unwrap();
    assert_eq!(follow_back(&h, &redirect).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_denied_consent_is_rejected_and_gives_no_data() {
    let h = harness().await;
    let token = session(&h).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "deny-it-01").await;
    let id = created["consentId"].as_str().unwrap();
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "deny").await;
    let (status, location) = follow_back(&h, &redirect).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, code) = return_code(&location);
    let (status, rejected) = confirm(&h, Some(&token), id, &code).await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["status"], "Rejected");
    let (status, _) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_sessions_consent_does_not_exist_for_you() {
    let h = harness().await;
    let mine = session(&h).await;
    let theirs = session(&h).await;
    let id = authorised_consent(&h, &theirs, DATE_BANK, json!([]), "theirs-0001").await;
    for path in [
        format!("/api/v1/consents/{id}"),
        format!("/api/v1/consents/{id}/accounts"),
    ] {
        let (status, body) = widget(&h, "GET", &path, &mine, None).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{path}"
        );
    }
    let (status, _) = widget(&h, "DELETE", &format!("/api/v1/consents/{id}"), &mine, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn data_outside_the_permissions_is_forbidden() {
    let h = harness().await;
    let token = session(&h).await;
    let id = authorised_consent(&h, &token, DATE_BANK, json!(["Accounts"]), "accounts-only").await;
    let (status, accounts) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accounts}");
    let account = accounts["accounts"][0]["accountId"].as_str().unwrap();
    for data in ["balances", "transactions"] {
        let path = format!("/api/v1/consents/{id}/accounts/{account}/{data}");
        let (status, body) = widget(&h, "GET", &path, &token, None).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden")),
            "{data}"
        );
    }
}

#[tokio::test]
async fn transactions_page_through_every_one_exactly_once() {
    let h = harness().await;
    let token = session(&h).await;
    let id = authorised_consent(&h, &token, DATE_BANK, json!([]), "paging-0001").await;
    let (_, accounts) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts"),
        &token,
        None,
    )
    .await;
    let mut longest = Vec::new();
    for account in accounts["accounts"].as_array().unwrap() {
        let account = account["accountId"].as_str().unwrap();
        let (status, balances) = widget(
            &h,
            "GET",
            &format!("/api/v1/consents/{id}/accounts/{account}/balances"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{balances}");
        let amount = &balances["balances"][0]["amount"];
        assert!(
            amount["minor"].is_i64() && amount["exponent"].is_u64(),
            "{amount}"
        );

        let base = format!("/api/v1/consents/{id}/accounts/{account}/transactions");
        let mut seen = Vec::new();
        let mut path = base.clone();
        loop {
            let (status, page) = widget(&h, "GET", &path, &token, None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert!(
                !page.to_string().contains("http"),
                "upstream URLs leaked: {page}"
            );
            seen.extend(
                page["transactions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["transactionId"].as_str().unwrap().to_owned()),
            );
            match page["cursors"]["next"].as_str() {
                Some(next) => path = format!("{base}?cursor={next}"),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "duplicates across pages");
        if seen.len() > longest.len() {
            longest = seen;
        }
    }
    assert!(
        longest.len() >= 200,
        "one account has several hundred transactions, saw {}",
        longest.len()
    );

    let (status, error) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts/x/transactions?cursor=https://evil"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("cursor"))
    );
}

#[tokio::test]
async fn a_download_bank_delivers_transactions_by_download() {
    let h = harness().await;
    let token = session(&h).await;
    let id = authorised_consent(&h, &token, DOWNLOAD_BANK, json!([]), "download-01").await;
    let (_, accounts) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts"),
        &token,
        None,
    )
    .await;
    let account = accounts["accounts"][0]["accountId"].as_str().unwrap();
    let base = format!("/api/v1/consents/{id}/accounts/{account}/transactions");
    let (status, page) = widget(&h, "GET", &base, &token, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["downloadOnly"], true);
    assert_eq!(page["transactions"], json!([]));
    let (status, downloaded) = widget(&h, "GET", &format!("{base}/download"), &token, None).await;
    assert_eq!(status, StatusCode::OK, "{downloaded}");
    assert!(!downloaded["transactions"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn revoking_ends_the_consent() {
    let h = harness().await;
    let token = session(&h).await;
    let id = authorised_consent(&h, &token, DATE_BANK, json!([]), "revoke-0001").await;
    let (status, revoked) = widget(
        &h,
        "DELETE",
        &format!("/api/v1/consents/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, revoked["status"].as_str()),
        (StatusCode::OK, Some("Revoked")),
        "{revoked}"
    );
    let (status, _) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = widget(
        &h,
        "DELETE",
        &format!("/api/v1/consents/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let id = authorised_consent(&h, &token, NO_REVOKE_BANK, json!([]), "revoke-0002").await;
    let (status, revoked) = widget(
        &h,
        "DELETE",
        &format!("/api/v1/consents/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, revoked["status"].as_str()),
        (StatusCode::OK, Some("RevokedAtTpp")),
        "{revoked}"
    );
}

#[tokio::test]
async fn transactions_filter_by_day_at_date_and_date_time_banks() {
    let h = harness().await;
    let token = session(&h).await;
    // The widget always filters by whole days; the server speaks each bank's own form.
    for (bank, key) in [
        (DATE_BANK, "filter-date-1"),
        (NO_REVOKE_BANK, "filter-time-1"),
    ] {
        let (good, bad) = (
            "dateFrom=2026-10-01&dateTo=2026-10-31",
            "dateFrom=2026-10-01T00:00:00Z",
        );
        let id = authorised_consent(&h, &token, bank, json!([]), key).await;
        let (_, accounts) = widget(
            &h,
            "GET",
            &format!("/api/v1/consents/{id}/accounts"),
            &token,
            None,
        )
        .await;
        let account = accounts["accounts"][0]["accountId"].as_str().unwrap();
        let base = format!("/api/v1/consents/{id}/accounts/{account}/transactions");
        let (status, page) = widget(&h, "GET", &format!("{base}?{good}"), &token, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let dates: Vec<&str> = page["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["bookingDate"].as_str().unwrap())
            .collect();
        assert!(
            !dates.is_empty() && dates.iter().all(|d| d.starts_with("2026-10")),
            "{bank}: {dates:?}"
        );
        let (status, _) = widget(&h, "GET", &format!("{base}?{bad}"), &token, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bank}: dates only");
        let (status, _) = widget(
            &h,
            "GET",
            &format!("{base}?dateFrom=2026-10-31&dateTo=2026-10-01"),
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bank}: from after to");
        let (status, error) = widget(
            &h,
            "GET",
            &format!("{base}?dateFrom=-9999-01-01"),
            &token,
            None,
        )
        .await;
        assert_eq!(
            (status, error["error"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("dateFrom")),
            "{bank}: a date no bank takes"
        );
    }
}

#[tokio::test]
async fn bad_consent_requests_name_the_field() {
    let h = harness().await;
    let token = session(&h).await;
    let cases = [
        (
            json!({"bankId": "nope", "idempotencyKey": "bad-input-1"}),
            "bankId",
        ),
        (
            json!({"bankId": DATE_BANK, "idempotencyKey": "short"}),
            "idempotencyKey",
        ),
        (
            json!({"bankId": DATE_BANK, "idempotencyKey": "bad-input-2", "transactionsFrom": "01/02/2026"}),
            "transactionsFrom",
        ),
        (
            json!({"bankId": DATE_BANK, "idempotencyKey": "bad-input-3", "transactionsFrom": "2026-05-01", "transactionsTo": "2026-01-01"}),
            "transactionsFrom",
        ),
        // Dates, but none a bank's RFC 3339 date-time can carry.
        (
            json!({"bankId": DATE_BANK, "idempotencyKey": "bad-input-4", "transactionsFrom": "-0001-01-01"}),
            "transactionsFrom",
        ),
        (
            json!({"bankId": DATE_BANK, "idempotencyKey": "bad-input-5", "transactionsTo": "+10000-01-01"}),
            "transactionsTo",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = widget(&h, "POST", "/api/v1/consents", &token, Some(body)).await;
        assert_eq!(
            (status, error["error"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{error}"
        );
    }
}

#[tokio::test]
async fn dot_segments_in_ids_never_reach_another_provider_path() {
    let (sandbox, provider_paths) = start_recording_sandbox().await;
    let h = harness_with_sandbox(sandbox).await;
    let token = session(&h).await;
    let id = authorised_consent(&h, &token, DATE_BANK, json!([]), "dot-segments").await;
    provider_paths.take();
    for (path, field) in [
        (
            format!("/api/v1/consents/{id}/accounts/../balances"),
            "account_id",
        ),
        (
            format!("/api/v1/consents/{id}/accounts/./balances"),
            "account_id",
        ),
        (
            format!("/api/v1/consents/{id}/accounts/%2e%2e/balances"),
            "account_id",
        ),
        (
            format!("/api/v1/consents/{id}/accounts/.%2E/transactions"),
            "account_id",
        ),
        (
            format!("/api/v1/consents/{id}/accounts/..%2F../balances"),
            "account_id",
        ),
        (
            format!("/api/v1/consents/{id}/accounts/..%2F..%2Fconsents/balances"),
            "account_id",
        ),
        (
            format!("/api/v1/consents/{id}/accounts/%252e%252e/balances"),
            "account_id",
        ),
        ("/api/v1/consents/../accounts".to_owned(), "consent_id"),
        ("/api/v1/consents/%2E".to_owned(), "consent_id"),
    ] {
        let (status, body) = widget(&h, "GET", &path, &token, None).await;
        assert_invalid_field(status, &body, field, &path);
        assert_eq!(provider_paths.take(), Vec::<String>::new(), "{path}");
    }
    // An ordinary id still reaches its own path, percent-encoded.
    let (status, _) = widget(
        &h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts/no%20such/balances"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(provider_paths
        .take()
        .contains(&"/sandbox/openbanking/accounts/no%20such/balances".to_owned()),);
}

/// The key replays the consent it made; it does not excuse the rest of a request that does
/// not fit.
#[tokio::test]
async fn a_key_used_before_lets_no_bad_request_through() {
    let h = harness().await;
    let token = session(&h).await;
    create_consent(&h, &token, DATE_BANK, json!([]), "used-key-1").await;
    let body = json!({"bankId": DATE_BANK, "idempotencyKey": "used-key-1", "transactionsTo": ""});
    let (status, error) = widget(&h, "POST", "/api/v1/consents", &token, Some(body)).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("transactionsTo")),
        "{error}"
    );
}

// --- The return from the bank, confirmed by the session's own browser -----------------------

/// What Onboard recorded of the consent at the provider.
async fn stored_status(h: &Harness, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM consents WHERE id = $1")
        .bind(id)
        .fetch_one(&h.state.db)
        .await
        .unwrap()
}

fn refused(status: StatusCode, body: &Value, what: &str) {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("bank_return_refused")),
        "{what}: {body}"
    );
}

async fn accounts_answer(h: &Harness, token: &str, id: &str) -> (StatusCode, Value) {
    widget(
        h,
        "GET",
        &format!("/api/v1/consents/{id}/accounts"),
        token,
        None,
    )
    .await
}

#[tokio::test]
async fn an_approved_consent_is_the_sessions_only_once_it_confirms_its_return() {
    let h = harness().await;
    let token = session(&h).await;
    let (id, code) = approved_consent(&h, &token, DATE_BANK, json!([]), "confirm-0001").await;
    let (_, awaiting) = widget(&h, "GET", &format!("/api/v1/consents/{id}"), &token, None).await;
    assert_eq!(
        (
            awaiting["status"].as_str(),
            awaiting["awaitingReturn"].as_bool()
        ),
        (Some("Open"), Some(true)),
        "{awaiting}"
    );
    let (status, error) = accounts_answer(&h, &token, &id).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("consent_not_confirmed")),
        "{error}"
    );
    // The session's event stream never said Authorised before the confirm.
    let told: Vec<String> = sqlx::query_scalar("SELECT event FROM session_events")
        .fetch_all(&h.state.db)
        .await
        .unwrap();
    assert!(!told.iter().any(|e| e.contains("Authorised")), "{told:?}");

    let (status, confirmed) = confirm(&h, Some(&token), &id, &code).await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    assert_eq!(
        (
            confirmed["status"].as_str(),
            confirmed["awaitingReturn"].as_bool()
        ),
        (Some("Authorised"), Some(false))
    );
    let (status, accounts) = accounts_answer(&h, &token, &id).await;
    assert_eq!(status, StatusCode::OK, "{accounts}");

    // Used twice: refused, and the consent its own session confirmed stays confirmed.
    let (status, error) = confirm(&h, Some(&token), &id, &code).await;
    refused(status, &error, "a replay");
    assert_eq!(accounts_answer(&h, &token, &id).await.0, StatusCode::OK);
    assert_eq!(stored_status(&h, &id).await, "Authorised");
}

#[tokio::test]
async fn an_expired_return_code_is_refused_and_the_consent_withdrawn() {
    let h = harness().await;
    let token = session(&h).await;
    let (id, code) = approved_consent(&h, &token, DATE_BANK, json!([]), "late-code-01").await;
    sqlx::query("UPDATE consents SET return_code_expires_at = 0 WHERE id = $1")
        .bind(&id)
        .execute(&h.state.db)
        .await
        .unwrap();
    let (status, error) = confirm(&h, Some(&token), &id, &code).await;
    refused(status, &error, "an expired code");
    assert_eq!(stored_status(&h, &id).await, "Revoked");
    let (_, view) = widget(&h, "GET", &format!("/api/v1/consents/{id}"), &token, None).await;
    assert_eq!(view["status"], "Revoked", "{view}");
}

#[tokio::test]
async fn another_consents_code_is_refused_and_that_consent_withdrawn() {
    let h = harness().await;
    let token = session(&h).await;
    let (first, first_code) =
        approved_consent(&h, &token, DATE_BANK, json!([]), "pair-00001").await;
    let (second, second_code) =
        approved_consent(&h, &token, DATE_BANK, json!([]), "pair-00002").await;
    let (status, error) = confirm(&h, Some(&token), &first, &second_code).await;
    refused(status, &error, "the second consent's code for the first");
    assert_eq!(stored_status(&h, &second).await, "Revoked");
    // The first consent's own code still confirms it.
    let (status, confirmed) = confirm(&h, Some(&token), &first, &first_code).await;
    assert_eq!(
        (status, confirmed["status"].as_str()),
        (StatusCode::OK, Some("Authorised")),
        "{confirmed}"
    );
}

/// The finding of issue 20: the bank's address, approved in another browser. That browser's
/// session (or none) comes back with the code; the consent's own session never gets it.
#[tokio::test]
async fn a_code_from_another_browser_is_refused_and_the_consent_withdrawn() {
    let h = harness().await;
    let token = session(&h).await;
    let other_browser = session(&h).await;
    let (id, code) = approved_consent(&h, &token, DATE_BANK, json!([]), "lured-00001").await;
    let (status, error) = confirm(&h, Some(&other_browser), &id, &code).await;
    refused(status, &error, "another session's confirm");
    assert_eq!(stored_status(&h, &id).await, "Revoked");
    let (status, _) = accounts_answer(&h, &token, &id).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, error) = confirm(&h, Some(&token), &id, &code).await;
    refused(status, &error, "the spent code, by the consent's session");
    assert_eq!(
        accounts_answer(&h, &token, &id).await.0,
        StatusCode::FORBIDDEN
    );

    // A browser with no session at all: refused, the code spent, the consent withdrawn.
    let (id, code) = approved_consent(&h, &token, DATE_BANK, json!([]), "lured-00002").await;
    let (status, error) = confirm(&h, None, &id, &code).await;
    refused(status, &error, "no session");
    let spent: Option<i64> =
        sqlx::query_scalar("SELECT return_code_used_at FROM consents WHERE id = $1")
            .bind(&id)
            .fetch_one(&h.state.db)
            .await
            .unwrap();
    assert!(spent.is_some());
    assert_eq!(stored_status(&h, &id).await, "Revoked");
    let (status, error) = confirm(&h, Some(&token), &id, &code).await;
    refused(status, &error, "the code spent without a session");
}

#[tokio::test]
async fn a_return_for_a_revoked_session_is_refused_and_the_consent_withdrawn() {
    let h = harness().await;
    let token = session(&h).await;
    let (_, _, me) = h.widget_get("/api/v1/session", &token).await;
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "ended-00001").await;
    let id = created["consentId"].as_str().unwrap();
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    let application = me["applicationId"].as_str().unwrap();
    let (status, _, revoked) = h
        .send(
            axum::http::Request::delete(format!("/api/v1/applications/{application}/sessions"))
                .header("authorization", "Bearer demo-partner-key")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    let (status, location) = follow_back(&h, &redirect).await;
    assert_eq!((status, location.as_str()), (StatusCode::BAD_REQUEST, ""));
    assert_eq!(stored_status(&h, id).await, "Revoked");
}

#[tokio::test]
async fn the_popup_goes_back_to_its_closing_page_with_the_code() {
    let h = harness().await;
    let token = session(&h).await;
    let body = json!({"bankId": DATE_BANK, "idempotencyKey": "popup-00001", "display": "popup"});
    let (status, created) = widget(&h, "POST", "/api/v1/consents", &token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let redirect = at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;
    let (status, location) = follow_back(&h, &redirect).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/bank-return#consent="), "{location}");
    let (id, code) = return_code(&location);
    assert_eq!(id, created["consentId"].as_str().unwrap());
    assert_eq!(
        confirm(&h, Some(&token), &id, &code).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_sweep_withdraws_consents_never_confirmed() {
    let h = harness().await;
    let token = session(&h).await;
    let (unconfirmed, _) = approved_consent(&h, &token, DATE_BANK, json!([]), "swept-00001").await;
    let kept = authorised_consent(&h, &token, DATE_BANK, json!([]), "swept-00002").await;
    // Approved at the bank, and the browser never came back.
    let created = create_consent(&h, &token, DATE_BANK, json!([]), "swept-00003").await;
    let never_back = created["consentId"].as_str().unwrap();
    at_the_bank(created["redirectUrl"].as_str().unwrap(), "approve").await;

    let sweep = || onboard_server::consents::withdrawal::withdraw_abandoned(&h.state);
    assert_eq!(
        sweep().await.unwrap(),
        0,
        "the code and the state still live"
    );
    sqlx::query("UPDATE consents SET return_code_expires_at = 0, state_expires_at = 0")
        .execute(&h.state.db)
        .await
        .unwrap();
    assert_eq!(sweep().await.unwrap(), 2);
    assert_eq!(stored_status(&h, &unconfirmed).await, "Revoked");
    assert_eq!(stored_status(&h, never_back).await, "Revoked");
    assert_eq!(stored_status(&h, &kept).await, "Authorised");
    assert_eq!(sweep().await.unwrap(), 0, "withdrawn once");
}
