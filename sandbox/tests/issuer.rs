//! The card issuer's account API (docs/providers.md), through the router: an account opened
//! for an application, its seeded operations paged and windowed, details with their parent,
//! idempotent fee posting and reversal, and the issuer's typed refusals.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use onboard_sandbox::{router, SandboxConfig};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use tower::ServiceExt;

const BASIC_DEMO: &str = "Basic b25ib2FyZC1kZW1vOnNhbmRib3gtc2VjcmV0"; // onboard-demo:sandbox-secret
const ISSUER: &str = "/issuer/api/v2/issuers/1234";
/// The seeded history: a welcome bonus, five purchases and the markup fees of the four abroad.
const SEEDED: usize = 10;

struct Reply {
    status: StatusCode,
    bytes: Vec<u8>,
    body: Value,
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        bytes,
    }
}

struct Issuer {
    app: Router,
    token: String,
}

impl Issuer {
    async fn new() -> Self {
        Self::with_scope(None).await
    }

    async fn with_scope(scope: Option<&str>) -> Self {
        let app = router(SandboxConfig::default());
        let form = match scope {
            Some(scope) => format!("grant_type=client_credentials&scope={scope}"),
            None => "grant_type=client_credentials".into(),
        };
        let request = Request::post("/issuer/oauth2/token")
            .header(header::AUTHORIZATION, BASIC_DEMO)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap();
        let reply = send(&app, request).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let token = reply.body["access_token"].as_str().unwrap().to_owned();
        Self { app, token }
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        correlation_id: Option<&str>,
        body: Option<Value>,
    ) -> Request<Body> {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{ISSUER}{path}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        if let Some(id) = correlation_id {
            request = request.header("WL-Correlation-ID", id);
        }
        let body = body.map_or_else(Body::empty, |json| Body::from(json.to_string()));
        request
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
            .unwrap()
    }

    async fn get(&self, path: &str) -> Reply {
        send(&self.app, self.request("GET", path, None, None)).await
    }

    async fn post(&self, path: &str, correlation_id: Option<&str>, body: Value) -> Reply {
        send(
            &self.app,
            self.request("POST", path, correlation_id, Some(body)),
        )
        .await
    }

    async fn open(&self, application_id: &str) -> String {
        let reply = self
            .post(
                "/sandbox/accounts.open",
                None,
                json!({"externalReference": application_id}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body["data"]["accountIdentifier"]["accountReference"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn operations(&self, account: &str, query: &str) -> Vec<Value> {
        let reply = self
            .get(&format!("/accounts/{account}/operations?{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body["data"].as_array().unwrap().clone()
    }

    /// Every operation of the last two months, in the API's order.
    async fn all_operations(&self, account: &str) -> Vec<Value> {
        let (start, end) = (
            OffsetDateTime::now_utc() - Duration::days(60),
            OffsetDateTime::now_utc() + Duration::days(1),
        );
        self.operations(
            account,
            &format!(
                "startTime={}&endTime={}&offset=1000",
                query_date(start),
                query_date(end)
            ),
        )
        .await
    }

    async fn accepted_amount(&self, account: &str) -> i64 {
        let reply = self.get(&format!("/accounts/{account}/balance")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body["data"]["acceptedAmount"]["value"]
            .as_i64()
            .unwrap()
    }
}

fn query_date(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap().replace('+', "%2B")
}

fn id_of(operation: &Value) -> &str {
    operation["operationIdentifier"]["operationId"]
        .as_str()
        .unwrap()
}

fn manual_fee(reference: &str, value: i64) -> Value {
    json!({
        "description": "Manual fee description",
        "externalOperationReference": reference,
        "externalOperationDate": "2023-01-02T14:20:34.715Z",
        "externalOperationServicePoster": "ISSUER",
        "feeType": "MANUAL_FEE",
        "referenceAmount": {"value": value, "exponent": 2, "isoCode": "EUR"},
        "valueDate": "2023-01-02T00:00:00.000Z"
    })
}

fn reversal_of(fee_reference: &str, own_reference: &str, value: i64) -> Value {
    json!({
        "reversalReason": "REVERSAL_ON_DEMAND",
        "description": "reversal description",
        "externalMatchingOperationReference": fee_reference,
        "externalMatchingOperationDate": "2023-01-02T14:20:34.715Z",
        "externalMatchingOperationServicePoster": "ISSUER",
        "referenceAmount": {"value": -value, "exponent": 2, "isoCode": "EUR"},
        "externalOperationReference": own_reference,
        "externalOperationDate": "2023-01-02T14:56:16.402Z",
        "externalOperationServicePoster": "ISSUER"
    })
}

fn assert_refused(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(
        reply.body["responseMetadata"]["statusCode"],
        status.as_u16(),
        "{}",
        reply.body
    );
    assert!(reply.body["responseMetadata"]["statusMessage"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert!(reply.body.get("data").is_none());
}

#[tokio::test]
async fn opening_an_account_is_idempotent_and_either_reference_addresses_it() {
    let issuer = Issuer::new().await;
    let reply = issuer
        .post(
            "/sandbox/accounts.open",
            None,
            json!({"externalReference": "app-1", "holderName": "Anna Andersson"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let opened = &reply.body["data"];
    let account = opened["accountIdentifier"]["accountReference"]
        .as_str()
        .unwrap();
    assert_eq!(account.len(), 20);
    assert!(account.starts_with("1234") && account.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(
        opened["accountIdentifier"]["issuerAccountExternalReference"],
        "app-1"
    );
    let masked = opened["maskedPan"].as_str().unwrap();
    assert!(
        masked.starts_with("454617") && masked[6..12] == *"******",
        "{masked}"
    );

    assert_eq!(issuer.open("app-1").await, account);
    assert_eq!(
        issuer.all_operations(account).await.len(),
        SEEDED,
        "opening again adds no history"
    );
    assert_ne!(issuer.open("app-2").await, account);

    let by_reference = issuer.get(&format!("/accounts/{account}/contract")).await;
    let by_external = issuer.get("/accounts/app-1/contract").await;
    assert_eq!(by_reference.status, StatusCode::OK, "{}", by_reference.body);
    assert_eq!(by_reference.body, by_external.body);
}

#[tokio::test]
async fn pages_hold_every_operation_once_newest_first() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-paging").await;
    let all = issuer.all_operations(&account).await;
    assert_eq!(all.len(), SEEDED);
    let dates: Vec<OffsetDateTime> = all
        .iter()
        .map(|o| OffsetDateTime::parse(o["postingDate"].as_str().unwrap(), &Rfc3339).unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    let all_ids: Vec<&str> = all.iter().map(id_of).collect();

    let (start, end) = (
        OffsetDateTime::now_utc() - Duration::days(60),
        OffsetDateTime::now_utc() + Duration::days(1),
    );
    for size in [1, 2, 3, 4, 7, 10, 11] {
        let mut paged = Vec::new();
        for page in 0.. {
            let query = format!(
                "startTime={}&endTime={}&offset={size}&page={page}&allAccountHierarchy=true",
                query_date(start),
                query_date(end)
            );
            let operations = issuer.operations(&account, &query).await;
            assert!(operations.len() <= size);
            paged.extend(operations.iter().map(|o| id_of(o).to_owned()));
            if operations.len() < size {
                break;
            }
        }
        assert_eq!(paged, all_ids, "page size {size}");
    }
}

#[tokio::test]
async fn the_window_takes_posting_dates_from_start_inclusive_to_end_exclusive() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-window").await;
    let all = issuer.all_operations(&account).await;
    let purchase = all
        .iter()
        .find(|o| o["transactionAmount"]["isoCode"] == "JPY")
        .unwrap();
    let posted =
        OffsetDateTime::parse(purchase["postingDate"].as_str().unwrap(), &Rfc3339).unwrap();

    let from = |start: OffsetDateTime, end: OffsetDateTime| {
        format!(
            "startTime={}&endTime={}",
            query_date(start),
            query_date(end)
        )
    };
    let at_start = issuer
        .operations(&account, &from(posted, posted + Duration::milliseconds(1)))
        .await;
    let kinds: Vec<&str> = at_start
        .iter()
        .map(|o| o["operationKind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["TRN", "FEE"],
        "the purchase, then its fee posted with it"
    );
    assert_eq!(id_of(&at_start[0]), id_of(purchase));

    let before = issuer
        .operations(&account, &from(posted - Duration::hours(1), posted))
        .await;
    assert!(
        before.iter().all(|o| id_of(o) != id_of(purchase)),
        "the end is exclusive"
    );
    assert!(issuer
        .operations(&account, &from(posted, posted))
        .await
        .is_empty());
}

#[tokio::test]
async fn a_markup_fee_embeds_the_foreign_purchase_it_was_charged_on() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-detail").await;
    let all = issuer.all_operations(&account).await;
    let jpy = all
        .iter()
        .position(|o| o["transactionAmount"]["isoCode"] == "JPY")
        .unwrap();
    let fee = &all[jpy + 1];
    assert_eq!(
        (fee["operationKind"].as_str(), fee["feeType"].as_str()),
        (Some("FEE"), Some("MARKUP_FEE"))
    );

    let reply = issuer
        .get(&format!(
            "/accounts/{account}/operations/{}?embed=parentOperation",
            id_of(fee)
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let parent = &reply.body["data"]["parentOperation"];
    assert_eq!(id_of(parent), id_of(&all[jpy]));
    assert_eq!(
        parent["transactionAmount"],
        json!({"value": 8335, "exponent": 0, "isoCode": "JPY"})
    );
    assert_eq!(
        parent["referenceAmount"],
        json!({"value": 5509, "exponent": 2, "isoCode": "EUR"})
    );
    assert!(parent["exchangeRate"]
        .as_f64()
        .is_some_and(|rate| rate > 0.0));
    assert_eq!(parent["operationCode"], "NORMAL_PURCHASE");

    let plain = issuer
        .get(&format!("/accounts/{account}/operations/{}", id_of(fee)))
        .await;
    assert!(plain.body["data"].get("parentOperation").is_none());
    assert_eq!(
        plain.body["data"]["postingAccountIdentifier"]["accountReference"],
        account.as_str()
    );

    let kwd = all
        .iter()
        .find(|o| o["transactionAmount"]["isoCode"] == "KWD")
        .unwrap();
    assert_eq!(kwd["transactionAmount"]["exponent"], 3);
    assert!(all
        .iter()
        .any(|o| o["transactionAmount"]["isoCode"] == "SEK"));
    assert!(
        all.iter()
            .any(|o| o["operationKind"] == "BONUS"
                && o["referenceAmount"]["value"].as_i64() < Some(0))
    );
}

#[tokio::test]
async fn card_numbers_leave_the_sandbox_masked() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-pan").await;
    let mut seen = 0;
    for operation in issuer.all_operations(&account).await {
        let detail = issuer
            .get(&format!(
                "/accounts/{account}/operations/{}",
                id_of(&operation)
            ))
            .await
            .body["data"]
            .clone();
        for field in ["pan", "maskedPan"] {
            for value in [&operation[field], &detail[field]]
                .into_iter()
                .filter_map(Value::as_str)
            {
                assert_eq!(value.len(), 16);
                assert_eq!(&value[6..12], "******", "{value}");
                seen += 1;
            }
        }
    }
    assert!(seen > 0);
}

#[tokio::test]
async fn a_correlation_id_executes_once_and_replays_the_first_answer() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-fee").await;
    let before = issuer.accepted_amount(&account).await;
    let path = format!("/accounts/{account}/post-fee-operation");

    let first = issuer
        .post(
            &path,
            Some("b91d2d16-9fe2-42fb-a4ab-cc3f74a6ba31"),
            manual_fee("1234F123456", 1500),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let metadata = &first.body["responseMetadata"];
    assert_eq!(
        metadata["correlationId"],
        "b91d2d16-9fe2-42fb-a4ab-cc3f74a6ba31"
    );
    assert_eq!(
        (
            metadata["statusCode"].as_u64(),
            metadata["statusMessage"].as_str()
        ),
        (Some(200), Some("Executed successfully"))
    );
    let second = issuer
        .post(
            &path,
            Some("b91d2d16-9fe2-42fb-a4ab-cc3f74a6ba31"),
            manual_fee("1234F123456", 1500),
        )
        .await;
    assert_eq!(
        (second.status, &second.bytes),
        (first.status, &first.bytes),
        "the first answer, byte for byte"
    );

    let posted: Vec<Value> = issuer
        .all_operations(&account)
        .await
        .into_iter()
        .filter(|o| o["externalOperationReference"] == "1234F123456")
        .collect();
    assert_eq!(posted.len(), 1);
    assert_eq!(
        id_of(&posted[0]),
        first.body["data"]["operationIdentifier"]["operationId"]
            .as_str()
            .unwrap()
    );
    assert_eq!(
        (
            posted[0]["feeType"].as_str(),
            posted[0]["reversal"].as_bool()
        ),
        (Some("MANUAL_FEE"), Some(false))
    );
    assert_eq!(issuer.accepted_amount(&account).await, before + 1500);

    let changed = issuer
        .post(
            &path,
            Some("b91d2d16-9fe2-42fb-a4ab-cc3f74a6ba31"),
            manual_fee("1234F123456", 1600),
        )
        .await;
    assert_refused(&changed, StatusCode::CONFLICT);
    let same_triplet = issuer
        .post(&path, Some("another-id"), manual_fee("1234F123456", 1500))
        .await;
    assert_refused(&same_triplet, StatusCode::CONFLICT);
    assert_eq!(issuer.accepted_amount(&account).await, before + 1500);
}

#[tokio::test]
async fn a_reversal_is_linked_to_its_fee_and_only_one_is_allowed() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-reversal").await;
    let before = issuer.accepted_amount(&account).await;
    let posted = issuer
        .post(
            &format!("/accounts/{account}/post-fee-operation"),
            Some("post-1"),
            manual_fee("1234F123456", 1500),
        )
        .await;
    let fee_id = posted.body["data"]["operationIdentifier"]["operationId"]
        .as_str()
        .unwrap()
        .to_owned();
    let reverse = format!("/accounts/{account}/reverse-fee-operation");

    let wrong_amount = issuer
        .post(
            &reverse,
            Some("reverse-0"),
            reversal_of("1234F123456", "1234R123455", 1400),
        )
        .await;
    assert_refused(&wrong_amount, StatusCode::BAD_REQUEST);

    let reversed = issuer
        .post(
            &reverse,
            Some("reverse-1"),
            reversal_of("1234F123456", "1234R123456", 1500),
        )
        .await;
    assert_eq!(reversed.status, StatusCode::OK, "{}", reversed.body);
    let reversal_id = reversed.body["data"]["operationIdentifier"]["operationId"]
        .as_str()
        .unwrap();
    let detail = issuer
        .get(&format!(
            "/accounts/{account}/operations/{reversal_id}?embed=parentOperation"
        ))
        .await
        .body["data"]
        .clone();
    assert_eq!(detail["reversal"], true);
    assert_eq!(
        detail["referenceAmount"],
        json!({"value": -1500, "exponent": 2, "isoCode": "EUR"})
    );
    assert_eq!(id_of(&detail["parentOperation"]), fee_id);
    assert_eq!(issuer.accepted_amount(&account).await, before);

    let replayed = issuer
        .post(
            &reverse,
            Some("reverse-1"),
            reversal_of("1234F123456", "1234R123456", 1500),
        )
        .await;
    assert_eq!(replayed.bytes, reversed.bytes);
    let again = issuer
        .post(
            &reverse,
            Some("reverse-2"),
            reversal_of("1234F123456", "1234R123457", 1500),
        )
        .await;
    assert_refused(&again, StatusCode::CONFLICT);
    let unknown = issuer
        .post(
            &reverse,
            Some("reverse-3"),
            reversal_of("NO-SUCH-FEE", "1234R123458", 1500),
        )
        .await;
    assert_refused(&unknown, StatusCode::NOT_FOUND);
    assert_eq!(issuer.accepted_amount(&account).await, before);
}

#[tokio::test]
async fn bad_requests_get_the_issuers_typed_refusals() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-errors").await;
    let operations = format!("/accounts/{account}/operations");
    for query in [
        "startTime=yesterday&endTime=2022-12-06T00:00:00Z",
        "startTime=2022-12-06T00:00:00Z&endTime=2022-12-05T00:00:00Z",
        "endTime=2022-12-06T00:00:00Z",
        "startTime=2022-12-05T00:00:00Z&endTime=2022-12-06T00:00:00Z&offset=0",
        "startTime=2022-12-05T00:00:00Z&endTime=2022-12-06T00:00:00Z&page=-1",
        "startTime=2022-12-05T00:00:00Z&endTime=2022-12-06T00:00:00Z&allAccountHierarchy=yes",
    ] {
        assert_refused(
            &issuer.get(&format!("{operations}?{query}")).await,
            StatusCode::BAD_REQUEST,
        );
    }
    let window = "startTime=2022-12-05T09:35:00&endTime=2022-12-06T00:00:00Z";
    assert!(
        issuer.operations(&account, window).await.is_empty(),
        "a date-time without offset is UTC"
    );

    assert_refused(
        &issuer
            .get(&format!(
                "/accounts/12340000000000000000/operations?{window}"
            ))
            .await,
        StatusCode::NOT_FOUND,
    );
    assert_refused(
        &issuer
            .get(&format!("/accounts/{account}/operations/1999999999999999"))
            .await,
        StatusCode::NOT_FOUND,
    );
    assert_refused(
        &issuer
            .get(&format!(
                "/accounts/{account}/operations/1999999999999999?embed=everything"
            ))
            .await,
        StatusCode::BAD_REQUEST,
    );
    let other_issuer = send(
        &issuer.app,
        Request::get(format!(
            "/issuer/api/v2/issuers/9999/accounts/{account}/balance"
        ))
        .header(header::AUTHORIZATION, format!("Bearer {}", issuer.token))
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert_refused(&other_issuer, StatusCode::NOT_FOUND);

    let anonymous = send(
        &issuer.app,
        Request::get(format!("{ISSUER}/accounts/{account}/balance"))
            .header("WL-Correlation-ID", "c-1")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_refused(&anonymous, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.body["responseMetadata"]["correlationId"], "c-1");

    let post = format!("/accounts/{account}/post-fee-operation");
    let mut in_kronor = manual_fee("1234F1", 1500);
    in_kronor["referenceAmount"]["isoCode"] = json!("SEK");
    assert_refused(
        &issuer.post(&post, None, in_kronor).await,
        StatusCode::BAD_REQUEST,
    );
    let mut unknown_type = manual_fee("1234F2", 1500);
    unknown_type["feeType"] = json!("SURPRISE_FEE");
    assert_refused(
        &issuer.post(&post, None, unknown_type).await,
        StatusCode::BAD_REQUEST,
    );
    assert_refused(
        &issuer
            .post(&post, None, json!({"feeType": "MANUAL_FEE"}))
            .await,
        StatusCode::BAD_REQUEST,
    );

    let reader = Issuer::with_scope(Some("issuer:read")).await;
    let refused = reader
        .post(
            "/sandbox/accounts.open",
            None,
            json!({"externalReference": "app-read-only"}),
        )
        .await;
    assert_refused(&refused, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn balance_and_contract_follow_the_document() {
    let issuer = Issuer::new().await;
    let account = issuer.open("app-contract").await;
    let balance = issuer
        .get(&format!("/accounts/{account}/balance"))
        .await
        .body["data"]
        .clone();
    let value = |field: &str| balance[field]["value"].as_i64().unwrap();
    let seeded: i64 = -2_500 + 4_002 + 80 + 1_250 + 5_509 + 110 + 3_685 + 73 + 340 + 7;
    assert_eq!(value("accountBalance") + value("acceptedAmount"), seeded);
    assert_eq!(
        value("openToBuy"),
        value("activeCreditLimitAmount") - seeded
    );
    assert_eq!(balance["acceptedAmount"]["isoCode"], "EUR");

    let contract = issuer
        .get(&format!(
            "/accounts/{account}/contract?embed=accountIdentifiers,cardContractIdentifiers"
        ))
        .await;
    assert_eq!(contract.status, StatusCode::OK, "{}", contract.body);
    let data = &contract.body["data"];
    assert_eq!(data["status"], "SIGNED");
    assert_eq!(
        data["accountIdentifiers"][0]["accountReference"],
        account.as_str()
    );
    assert_eq!(
        data["rootAccountIdentifier"]["issuerAccountExternalReference"],
        "app-contract"
    );
    assert_eq!(
        data["cardContractIdentifiers"].as_array().map(Vec::len),
        Some(1)
    );
    let plain = issuer
        .get(&format!("/accounts/{account}/contract"))
        .await
        .body["data"]
        .clone();
    assert!(plain.get("accountIdentifiers").is_none());
}
