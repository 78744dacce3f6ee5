//! Group commit for minted sessions. A session's rows (the application, its claim code, its first
//! status with its event and the partner's notification) are written by one task, which takes
//! every session waiting when it is free and writes them in one transaction: one multi-row
//! insert per table and one commit, however many there are. Under load, sessions minted
//! together share a commit; alone, a session is written at once, with nothing waited for.
//!
//! With one statement per row, minting was bound by the statements' round trips to the
//! database (sqlx runs each SQLite connection on a thread of its own; seven round trips per
//! session) and by the writers' turns at SQLite's one write lock (BENCHMARKS.md, server part).

use std::sync::Arc;

use protocol::api::CreateSessionRequest;
use protocol::{ApplicationId, ApplicationStatus};
use sqlx::{AnyConnection, AnyPool};
use tokio::sync::{mpsc, oneshot};

use crate::applications;
use crate::notifications::Notifier;
use crate::notifications::StatusRecord;
use crate::{db, AppError};

/// Sessions written in one transaction at most: 1,000 values in the largest insert, well within
/// the bind parameters of SQLite (32,766) and PostgreSQL (65,535).
const MAX_BATCH: usize = 100;
/// Sessions waiting at most; a mint waits for room beyond that.
const QUEUE: usize = 4 * MAX_BATCH;

/// A session to record: the application the provider just created, and the hash of the claim
/// code that opens it (its credential is made at the claim).
pub struct NewSession {
    pub application_id: ApplicationId,
    pub partner_id: String,
    pub request: CreateSessionRequest,
    pub code_hash: String,
    pub created_at: i64,
    /// Until when the code can be claimed.
    pub claim_expires_at: i64,
    /// Until when the credential a claim makes lasts.
    pub session_expires_at: i64,
}

struct Pending {
    session: NewSession,
    written: oneshot::Sender<Result<(), sqlx::Error>>,
}

pub struct MintWriter {
    queue: mpsc::Sender<Pending>,
}

impl MintWriter {
    /// Starts the writing task; it ends when the writer is dropped.
    pub fn spawn(db: AnyPool, notifier: Arc<Notifier>) -> Self {
        let (queue, pending) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(db, notifier, pending));
        Self { queue }
    }

    /// Records `session`; it is committed when this returns `Ok`.
    pub async fn write(&self, session: NewSession) -> Result<(), AppError> {
        let (written, answer) = oneshot::channel();
        let stopped = || AppError::Database(sqlx::Error::PoolClosed);
        self.queue
            .send(Pending { session, written })
            .await
            .map_err(|_| stopped())?;
        Ok(answer.await.map_err(|_| stopped())??)
    }
}

async fn write_batches(db: AnyPool, notifier: Arc<Notifier>, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let sessions: Vec<&NewSession> = batch.iter().map(|pending| &pending.session).collect();
        match write(&db, &notifier, &sessions).await {
            Ok(()) => batch.drain(..).for_each(|pending| pending.answer(Ok(()))),
            Err(err) if batch.len() == 1 => batch.pop().expect("one waits").answer(Err(err)),
            // One bad row fails its whole batch: each is tried alone, so that only it fails.
            Err(_) => {
                for pending in batch.drain(..) {
                    let written = write(&db, &notifier, &[&pending.session]).await;
                    pending.answer(written);
                }
            }
        }
    }
}

impl Pending {
    fn answer(self, written: Result<(), sqlx::Error>) {
        // The mint's request may have gone meanwhile; its session is recorded all the same.
        let _ = self.written.send(written);
    }
}

async fn write(
    db: &AnyPool,
    notifier: &Notifier,
    sessions: &[&NewSession],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    insert_applications(&mut tx, sessions).await?;
    insert_claims(&mut tx, sessions).await?;
    let first_statuses: Vec<StatusRecord> = sessions
        .iter()
        .map(|session| StatusRecord {
            application_id: &session.application_id,
            partner_id: &session.partner_id,
            external_ref: session.request.external_ref.as_deref(),
            status: ApplicationStatus::NotStarted,
            at: session.created_at,
        })
        .collect();
    applications::record_statuses(&mut tx, notifier, &first_statuses).await?;
    // No event stream to wake after commit: none can be open before a code is claimed.
    tx.commit().await
}

async fn insert_applications(
    conn: &mut AnyConnection,
    sessions: &[&NewSession],
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO applications (id, partner_id, workflow_id, country_code, redirect_url, locale,
                                   external_ref, status, created_at, updated_at)
         VALUES {}",
        db::placeholders(conn, sessions.len(), 10)
    );
    let mut insert = db::multi_row(&sql, sessions.len());
    for session in sessions {
        let request = &session.request;
        insert = insert
            .bind(session.application_id.as_str())
            .bind(&session.partner_id)
            .bind(&request.workflow_id)
            .bind(&request.country_code)
            .bind(&request.redirect_url)
            .bind(&request.locale)
            .bind(&request.external_ref)
            .bind(ApplicationStatus::NotStarted.as_str())
            .bind(session.created_at)
            .bind(session.created_at);
    }
    insert.execute(conn).await?;
    Ok(())
}

async fn insert_claims(
    conn: &mut AnyConnection,
    sessions: &[&NewSession],
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO session_claims (code_hash, application_id, created_at, expires_at, session_expires_at)
         VALUES {}",
        db::placeholders(conn, sessions.len(), 5)
    );
    let mut insert = db::multi_row(&sql, sessions.len());
    for session in sessions {
        insert = insert
            .bind(&session.code_hash)
            .bind(session.application_id.as_str())
            .bind(session.created_at)
            .bind(session.claim_expires_at)
            .bind(session.session_expires_at);
    }
    insert.execute(conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn session(application_id: &str, code_hash: &str) -> NewSession {
        NewSession {
            application_id: ApplicationId::parse(application_id).unwrap(),
            partner_id: "acme".into(),
            request: CreateSessionRequest {
                workflow_id: "kyc-demo".into(),
                country_code: "SE".into(),
                redirect_url: "https://partner.example/done".into(),
                locale: None,
                external_ref: Some(format!("ref-{code_hash}")),
            },
            code_hash: code_hash.into(),
            created_at: 1_700_000_000,
            claim_expires_at: 1_700_000_600,
            session_expires_at: 1_700_003_600,
        }
    }

    #[tokio::test]
    async fn sessions_minted_together_share_a_commit_and_a_bad_one_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = db::connect(&format!(
            "sqlite://{}",
            dir.path().join("onboard.db").display()
        ))
        .await
        .unwrap();
        let config = <Config as clap::Parser>::parse_from(["onboard-server"]);
        let partners = Arc::new(crate::partners::Partners::load(&config).unwrap());
        let notifier = Notifier::new(&config, partners).unwrap();
        let writer = MintWriter::spawn(db.clone(), Arc::new(notifier));
        let (first, second, third) = (
            "bits:application::00000000-0000-4000-8000-000000000001",
            "bits:application::00000000-0000-4000-8000-000000000002",
            "bits:application::00000000-0000-4000-8000-000000000003",
        );

        // Queued before the writer runs (one thread), so written as one batch of three...
        let (a, b, c) = tokio::join!(
            writer.write(session(first, "hash-1")),
            writer.write(session(second, "hash-2")),
            writer.write(session(third, "hash-3")),
        );
        assert!(a.is_ok() && b.is_ok() && c.is_ok());
        // ... and a batch where one reuses an application id: only that one fails.
        let fourth = "bits:application::00000000-0000-4000-8000-000000000004";
        let (d, again, e) = tokio::join!(
            writer.write(session(fourth, "hash-4")),
            writer.write(session(first, "hash-5")),
            writer.write(session(
                "bits:application::00000000-0000-4000-8000-000000000005",
                "hash-6"
            )),
        );
        assert!(d.is_ok() && e.is_ok());
        assert!(matches!(again, Err(AppError::Database(_))));

        let count = |table: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&db)
                    .await
                    .unwrap()
            }
        };
        for table in [
            "applications",
            "session_claims",
            "status_changes",
            "session_events",
        ] {
            assert_eq!(count(table).await, 5, "{table}");
        }
        let (status, external_ref): (String, Option<String>) =
            sqlx::query_as("SELECT status, external_ref FROM applications WHERE id = $1")
                .bind(second)
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(
            (status.as_str(), external_ref.as_deref()),
            ("NOT_STARTED", Some("ref-hash-2"))
        );
    }
}
