//! Prometheus metrics at `GET /metrics`: requests by route template and status with their
//! latencies, provider calls by outcome, partner notifications by outcome, and the background
//! reconciliation (its checks by outcome, the applications awaiting a decision and the age of
//! the oldest, read from the database at each scrape). One registry per process, since
//! Prometheus scrapes a process; labels are route templates (`/api/v1/consents/{id}`), never raw paths, so their
//! number stays bounded and no id reaches the metrics.

use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::{
    text::encode, EncodeLabelSet, EncodeLabelValue, LabelValueEncoder,
};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::{db, AppState};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: MethodLabel,
    route: RouteLabel,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: RouteLabel,
}

/// The request's method, kept as it came: every request is counted, so its labels are not
/// copied into new strings each time.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct MethodLabel(Method);

impl EncodeLabelValue for MethodLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        encoder.write_str(self.0.as_str())
    }
}

/// The route template routing matched (shared with the request, not copied), or none.
#[derive(Clone, Debug)]
struct RouteLabel(Option<MatchedPath>);

impl RouteLabel {
    fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for RouteLabel {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RouteLabel {}

impl Hash for RouteLabel {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for RouteLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        encoder.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UpstreamLabels {
    provider: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

type Histograms = Family<RouteLabels, Histogram, fn() -> Histogram>;

struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Histograms,
    upstream: Family<UpstreamLabels, Counter>,
    partner_notifications: Family<OutcomeLabels, Counter>,
    reconciliation_checks: Family<OutcomeLabels, Counter>,
    awaiting_decision: Gauge,
    oldest_awaiting_decision: Gauge,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("onboard");
    let requests = Family::<RequestLabels, Counter>::default();
    // 1 ms to about 16 s.
    let latency: Histograms =
        Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.001, 2.0, 15)));
    let upstream = Family::<UpstreamLabels, Counter>::default();
    registry.register(
        "http_requests",
        "HTTP requests answered, by route and status",
        requests.clone(),
    );
    registry.register(
        "http_request_duration_seconds",
        "Time to answer, by route",
        latency.clone(),
    );
    registry.register(
        "upstream_calls",
        "Calls to providers, by outcome",
        upstream.clone(),
    );
    let partner_notifications = Family::<OutcomeLabels, Counter>::default();
    registry.register(
        "partner_notifications",
        "Tries to deliver a notification to a partner's webhook, by outcome",
        partner_notifications.clone(),
    );
    let reconciliation_checks = Family::<OutcomeLabels, Counter>::default();
    registry.register(
        "reconciliation_checks",
        "The background reconciliation's questions to the onboarding provider, by outcome",
        reconciliation_checks.clone(),
    );
    let awaiting_decision = Gauge::default();
    registry.register(
        "applications_awaiting_decision",
        "Submitted applications the provider has not decided yet",
        awaiting_decision.clone(),
    );
    let oldest_awaiting_decision = Gauge::default();
    registry.register(
        "oldest_awaiting_decision_age_seconds",
        "Time since the submit of the oldest application awaiting a decision (0 when none)",
        oldest_awaiting_decision.clone(),
    );
    Metrics {
        registry,
        requests,
        latency,
        upstream,
        partner_notifications,
        reconciliation_checks,
        awaiting_decision,
        oldest_awaiting_decision,
    }
});

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape))
}

async fn scrape(State(state): State<AppState>) -> Response {
    if let Err(err) = read_awaiting_decision(&state).await {
        tracing::warn!(error = %err, "metrics: cannot count the applications awaiting a decision");
    }
    let mut body = String::new();
    if encode(&mut body, &METRICS.registry).is_err() {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// The gauges of the applications awaiting a decision, as the database has them now.
async fn read_awaiting_decision(state: &AppState) -> Result<(), sqlx::Error> {
    let (waiting, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT count(*), min(submitted_at) FROM applications WHERE next_check_at IS NOT NULL",
    )
    .fetch_one(&state.db)
    .await?;
    METRICS.awaiting_decision.set(waiting);
    let age = oldest.map_or(0, |submitted_at| (db::now() - submitted_at).max(0));
    METRICS.oldest_awaiting_decision.set(age);
    Ok(())
}

/// Middleware: counts and times every request under its route template.
pub async fn track(request: Request, next: Next) -> Response {
    let route = RouteLabel(request.extensions().get::<MatchedPath>().cloned());
    let method = MethodLabel(request.method().clone());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    METRICS
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.clone(),
            status,
        })
        .inc();
    METRICS
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// Records one provider call's outcome (`ok`, `retried`, `refused`, `unavailable`).
pub fn upstream_call(provider: &str, outcome: &'static str) {
    METRICS
        .upstream
        .get_or_create(&UpstreamLabels {
            provider: provider.to_owned(),
            outcome,
        })
        .inc();
}

/// Records one check of the background reconciliation (`changed`, `unchanged`, `refused`,
/// `throttled`, `unavailable`).
pub fn reconciliation_check(outcome: &'static str) {
    METRICS
        .reconciliation_checks
        .get_or_create(&OutcomeLabels { outcome })
        .inc();
}

/// Records one try of a partner notification (`delivered`, `retried`, `dead`).
pub fn partner_notification(outcome: &'static str) {
    METRICS
        .partner_notifications
        .get_or_create(&OutcomeLabels { outcome })
        .inc();
}
