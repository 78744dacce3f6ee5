//! `POST /v1/sessions`, `GET /v1/sessions/{sessionId}` and `GET /v1/sessions/{sessionId}/result`.
//!
//! A session's state is computed from the time since its creation: the JSON data is ready after
//! `json_delay`, each report asked for `report_delay` after the one before, and each entity
//! expires `lifetime` after it became ready. A failing organization's session fails at
//! `json_delay`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{rejection::JsonRejection, OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use protocol::provider::aml::{
    EntityState, EntityStatus, Expand, OrganizationResult, Ownership, ReportKind, ReportLinks,
    ResultEntity, ResultLinks, SessionCreated, SessionEntities, SessionFailure, SessionLinks,
    SessionRequest, SessionState, SessionStatus, WebhookEvent, SCOPE_AML_BASIC, SCOPE_AML_OFAC,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::organizations::{self, Identifier};
use super::{base_url, webhooks, AmlState, Session};
use crate::clock::rfc3339;
use crate::SandboxError;

impl Session {
    /// The reports asked for, in the order they are produced.
    pub(super) fn reports(&self) -> Vec<ReportKind> {
        ReportKind::ALL
            .into_iter()
            .filter(|k| self.expands.iter().any(|e| e.report() == Some(*k)))
            .collect()
    }

    /// When an entity is ready (or, for a failing organization, when everything fails), counted
    /// from the session's creation.
    pub(super) fn ready_after(&self, entity: ResultEntity) -> Duration {
        let json = self.timing.json_delay;
        match entity {
            ResultEntity::JsonData => json,
            ResultEntity::Aml | ResultEntity::CertificateOfIncorporation => {
                let position = self
                    .reports()
                    .iter()
                    .position(|k| k.entity() == entity)
                    .unwrap_or(0);
                json + self.timing.report_delay * (position as u32 + 1)
            }
        }
    }

    /// Every entity's state now.
    pub(super) fn entity_state(&self, entity: ResultEntity, now: Instant) -> EntityState {
        let elapsed = now.saturating_duration_since(self.created);
        if self.organization.fails {
            return if elapsed >= self.timing.json_delay {
                EntityState::Failed
            } else {
                EntityState::Pending
            };
        }
        let ready = self.ready_after(entity);
        if elapsed < ready {
            EntityState::Pending
        } else if elapsed < ready + self.timing.lifetime {
            EntityState::Ready
        } else {
            EntityState::Expired
        }
    }

    fn entities(&self) -> Vec<ResultEntity> {
        std::iter::once(ResultEntity::JsonData)
            .chain(self.reports().into_iter().map(ReportKind::entity))
            .collect()
    }

    pub(super) fn overall(&self, now: Instant) -> SessionState {
        let states: Vec<EntityState> = self
            .entities()
            .into_iter()
            .map(|e| self.entity_state(e, now))
            .collect();
        if states.contains(&EntityState::Failed) {
            SessionState::Failed
        } else if states.contains(&EntityState::Pending) {
            SessionState::InProgress
        } else if states.iter().all(|s| *s == EntityState::Expired) {
            SessionState::Expired
        } else {
            SessionState::Done
        }
    }

    /// The moment `after` the creation, on the wall clock.
    pub(super) fn at(&self, after: Duration) -> String {
        rfc3339(self.created_at + after)
    }

    /// The notifications this session sends, with when, in order.
    pub(super) fn events(&self) -> Vec<(Duration, WebhookEvent, Option<ResultEntity>)> {
        if self.organization.fails {
            return vec![(self.timing.json_delay, WebhookEvent::Failed, None)];
        }
        let mut events = vec![(
            self.timing.json_delay,
            WebhookEvent::JsonDataReady,
            Some(ResultEntity::JsonData),
        )];
        for kind in self.reports() {
            events.push((
                self.ready_after(kind.entity()),
                WebhookEvent::ReportReady,
                Some(kind.entity()),
            ));
        }
        let last = events.last().map_or(self.timing.json_delay, |e| e.0);
        events.push((last, WebhookEvent::AllDone, None));
        events.retain(|(_, event, _)| self.webhooks.contains(event));
        events
    }
}

pub async fn create(
    State(state): State<AmlState>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    input: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionCreated>), SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AML_BASIC)?;
    let Json(body) = input.map_err(|r| SandboxError::Invalid {
        field: None,
        message: r.body_text(),
    })?;
    // Named refusals for the fields a caller gets wrong, before the typed read.
    if let Some(expands) = body.get("expands").and_then(|e| e.as_array()) {
        for expand in expands {
            if expand.as_str().and_then(Expand::parse).is_none() {
                return Err(SandboxError::invalid(
                    "expands",
                    format!("unknown expand {expand}"),
                ));
            }
        }
    }
    if let Some(webhooks) = body.get("webhooks").and_then(|e| e.as_array()) {
        for webhook in webhooks {
            if serde_json::from_value::<WebhookEvent>(webhook.clone()).is_err() {
                return Err(SandboxError::invalid(
                    "webhooks",
                    format!("unknown webhook {webhook}; known: JsonDataReady, ReportReady, AllDone, Failed"),
                ));
            }
        }
    }
    if !body
        .get("identifier")
        .is_some_and(serde_json::Value::is_string)
    {
        return Err(SandboxError::invalid(
            "identifier",
            "identifier is required",
        ));
    }
    let request: SessionRequest =
        serde_json::from_value(body).map_err(|e| SandboxError::Invalid {
            field: None,
            message: e.to_string(),
        })?;
    let identifier = Identifier::parse(&request.identifier)?;
    if request.expands.contains(&Expand::Sanction) {
        state.tokens.authorize(&headers, SCOPE_AML_OFAC)?;
    }
    let mut expands = request.expands;
    expands.sort();
    expands.dedup();
    let mut webhooks = request.webhooks;
    webhooks.dedup();

    let id = Uuid::new_v4().to_string();
    let session = Session {
        identifier: identifier.digits().to_owned(),
        organization: Arc::new(organizations::lookup(&identifier)),
        expands,
        webhooks,
        created: Instant::now(),
        created_at: OffsetDateTime::now_utc(),
        timing: state.config.aml_timing,
    };
    let created = SessionCreated {
        session_id: id.clone(),
        status: SessionState::InProgress,
        created_at: rfc3339(session.created_at),
        links: links(&base_url(&headers, uri.path()), &id),
    };
    if let Some(url) = &state.config.aml_webhook_url {
        let events = session.events();
        if !events.is_empty() {
            webhooks::schedule(
                state.http.clone(),
                url.clone(),
                state.config.webhook_secret.clone(),
                id.clone(),
                session.created,
                events,
            );
        }
    }
    let mut sessions = state.sessions.lock().expect("sessions lock");
    // Forget sessions whose results have long expired.
    let now = Instant::now();
    sessions.retain(|_, s| {
        now.saturating_duration_since(s.created)
            < s.ready_after(ResultEntity::Aml) * 2 + s.timing.lifetime * 2
    });
    sessions.insert(id, session);
    Ok((StatusCode::CREATED, Json(created)))
}

fn links(base: &str, id: &str) -> SessionLinks {
    SessionLinks {
        status: format!("{base}/v1/sessions/{id}"),
        result: format!("{base}/v1/sessions/{id}/result"),
    }
}

pub(super) fn find(state: &AmlState, id: &str) -> Result<Session, SandboxError> {
    state
        .sessions
        .lock()
        .expect("sessions lock")
        .get(id)
        .cloned()
        .ok_or(SandboxError::NotFound("session"))
}

pub async fn status(
    State(state): State<AmlState>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Result<Json<SessionStatus>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AML_BASIC)?;
    let session = find(&state, &id)?;
    let base = base_url(&headers, uri.path());
    let now = Instant::now();
    let entity = |entity: ResultEntity, href: String| {
        let state = session.entity_state(entity, now);
        let ready = session.ready_after(entity);
        let was_ready = matches!(state, EntityState::Ready | EntityState::Expired);
        EntityStatus {
            status: state,
            ready_at: was_ready.then(|| session.at(ready)),
            expires_at: was_ready.then(|| session.at(ready + session.timing.lifetime)),
            href: (state == EntityState::Ready).then_some(href),
        }
    };
    let report = |kind: ReportKind| {
        session.reports().contains(&kind).then(|| {
            entity(
                kind.entity(),
                format!("{base}/v1/sessions/{id}/reports/{}", kind.as_str()),
            )
        })
    };
    let overall = session.overall(now);
    Ok(Json(SessionStatus {
        session_id: id.clone(),
        identifier: session.identifier.clone(),
        status: overall,
        created_at: rfc3339(session.created_at),
        expands: session.expands.clone(),
        entities: SessionEntities {
            json_data: entity(
                ResultEntity::JsonData,
                format!("{base}/v1/sessions/{id}/result"),
            ),
            aml: report(ReportKind::Aml),
            certificate_of_incorporation: report(ReportKind::CertificateOfIncorporation),
        },
        failure: (overall == SessionState::Failed).then(failure),
    }))
}

fn failure() -> SessionFailure {
    SessionFailure {
        code: "SOURCE_UNAVAILABLE".into(),
        message: "The companies register did not answer in time; the session was cancelled".into(),
    }
}

/// Refuses what cannot be downloaded: pending or failed (409), expired (410).
pub(super) fn ensure_ready(
    session: &Session,
    entity: ResultEntity,
    name: &str,
) -> Result<(), SandboxError> {
    match session.entity_state(entity, Instant::now()) {
        EntityState::Ready => Ok(()),
        EntityState::Pending => Err(SandboxError::Conflict(format!(
            "{name} is not ready yet (PENDING)"
        ))),
        EntityState::Failed => Err(SandboxError::Conflict(format!(
            "{} ({name} FAILED)",
            failure().message
        ))),
        EntityState::Expired => Err(SandboxError::Gone(format!(
            "{name} has expired; start a new session"
        ))),
    }
}

pub async fn result(
    State(state): State<AmlState>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Result<Json<OrganizationResult>, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AML_BASIC)?;
    let session = find(&state, &id)?;
    ensure_ready(&session, ResultEntity::JsonData, "jsonData")?;
    let base = base_url(&headers, uri.path());
    Ok(Json(cut(
        &session.organization.data,
        &session.expands,
        &base,
        &id,
    )))
}

/// The organization's data with only the expands asked for (`keyInformation` always).
fn cut(data: &OrganizationResult, expands: &[Expand], base: &str, id: &str) -> OrganizationResult {
    let has = |e: Expand| expands.contains(&e);
    let ownership = data.ownership.clone().unwrap_or_default();
    let ownership = Ownership {
        beneficials: ownership
            .beneficials
            .filter(|_| has(Expand::OwnershipBeneficials)),
        subsidiaries: ownership
            .subsidiaries
            .filter(|_| has(Expand::OwnershipSubsidiaries)),
        shareholders: ownership
            .shareholders
            .filter(|_| has(Expand::OwnershipShareholders)),
        indicators: ownership
            .indicators
            .filter(|_| has(Expand::OwnershipIndicators)),
    };
    let report = |kind: ReportKind| {
        expands
            .iter()
            .any(|e| e.report() == Some(kind))
            .then(|| format!("{base}/v1/sessions/{id}/reports/{}", kind.as_str()))
    };
    let reports = ReportLinks {
        aml: report(ReportKind::Aml),
        certificate_of_incorporation: report(ReportKind::CertificateOfIncorporation),
    };
    let any_ownership = [
        Expand::OwnershipBeneficials,
        Expand::OwnershipSubsidiaries,
        Expand::OwnershipShareholders,
        Expand::OwnershipIndicators,
    ]
    .into_iter()
    .any(has);
    OrganizationResult {
        key_information: data.key_information.clone(),
        address: data.address.clone().filter(|_| has(Expand::Address)),
        financials: data.financials.clone().filter(|_| has(Expand::Financials)),
        ownership: any_ownership.then_some(ownership),
        authorities: data
            .authorities
            .clone()
            .filter(|_| has(Expand::Authorities)),
        official_roles: data
            .official_roles
            .clone()
            .filter(|_| has(Expand::OfficialRoles)),
        sanction: data.sanction.clone().filter(|_| has(Expand::Sanction)),
        links: (reports.aml.is_some() || reports.certificate_of_incorporation.is_some())
            .then_some(ResultLinks { reports }),
    }
}
