//! The database: a SQLite file by default (created when missing), or PostgreSQL when the URL
//! says `postgres://`; migrated at start. Queries go through sqlx's `Any` driver, written once
//! with `$1`-style placeholders, which both databases accept (but for the long multi-row
//! inserts: see `placeholders`).

use std::fmt::Write;
use std::str::FromStr;

use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Any, AnyConnection, AnyPool, ConnectOptions, Connection, Database, Executor, Postgres};

/// The same numbered migrations, each in its database's dialect.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> anyhow::Result<Self> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Self::Sqlite),
            Some("postgres" | "postgresql") => Ok(Self::Postgres),
            _ => anyhow::bail!("the database URL must start with sqlite: or postgres://"),
        }
    }

    fn migrations(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

pub async fn connect(url: &str) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url)?;
    if backend == Backend::Sqlite {
        create_sqlite_file(url).await?;
    }
    let pool = match backend {
        // In WAL mode, synchronous=NORMAL syncs the log at checkpoints instead of at every commit
        // (FULL, SQLite's default). The file stays consistent either way, and a commit survives
        // a crash of the process; only an OS crash or power cut can undo the last commits before
        // it. Syncing at every commit held SQLite's one write lock across each sync and cost
        // about a third of the sessions minted per second (BENCHMARKS.md, server part).
        Backend::Sqlite => {
            AnyPoolOptions::new()
                .after_connect(|conn, _| {
                    Box::pin(
                        async move { conn.execute("PRAGMA synchronous = NORMAL").await.map(drop) },
                    )
                })
                .connect(url)
                .await?
        }
        Backend::Postgres => AnyPoolOptions::new().connect(url).await?,
    };
    // Several instances may start at once: sqlx serialises their migrations with a lock.
    backend.migrations().run(&pool).await?;
    Ok(pool)
}

/// The `Any` driver opens SQLite files with sqlx's defaults (foreign keys on) but neither
/// creates them nor sets the journal mode; WAL is a property of the file, so set it once here.
async fn create_sqlite_file(url: &str) -> anyhow::Result<()> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    if let Some(parent) = options.get_filename().parent() {
        std::fs::create_dir_all(parent)?;
    }
    options.connect().await?.close().await?;
    Ok(())
}

/// The `VALUES` of a multi-row insert: `rows` rows of `columns` values each, bound in order.
/// PostgreSQL numbers them: `($1, $2), ($3, $4)`. SQLite gets anonymous `?`s: it looks each
/// `$n` up among the names before it, while parsing and again while binding, so that a
/// hundred-row insert spent a fifth of the minting's instructions on string compares
/// (BENCHMARKS.md, instructions per request).
pub fn placeholders(conn: &AnyConnection, rows: usize, columns: usize) -> String {
    values(conn.backend_name() == Postgres::NAME, rows, columns)
}

fn values(numbered: bool, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 7);
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 1..=columns {
            if column > 1 {
                sql.push_str(", ");
            }
            match numbered {
                true => {
                    write!(sql, "${}", row * columns + column).expect("a String takes any write")
                }
                false => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

/// A statement of `rows` rows: each row count is a statement of its own, so only the one-row
/// form is kept prepared. Connections keep up to 100 prepared statements each, and a hundred
/// forms of a hundred-row insert held by every pooled connection would pin tens of MiB.
pub fn multi_row(sql: &str, rows: usize) -> Query<'_, Any, AnyArguments<'_>> {
    sqlx::query(sql).persistent(rows == 1)
}

/// Unix seconds now; what the database stores times as.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn rfc3339(unix_seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_databases_have_the_same_numbered_migrations() {
        let names = |migrator: &Migrator| {
            migrator
                .iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&SQLITE_MIGRATIONS), names(&POSTGRES_MIGRATIONS));
        assert!(!names(&SQLITE_MIGRATIONS).is_empty());
    }

    #[test]
    fn placeholders_number_every_value_row_by_row_where_numbered() {
        assert_eq!(values(true, 1, 1), "($1)");
        assert_eq!(values(true, 2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values(false, 2, 3), "(?, ?, ?), (?, ?, ?)");
        assert_eq!(values(true, 0, 3), "");
    }

    #[test]
    fn the_url_scheme_chooses_the_database() {
        assert_eq!(
            Backend::of("sqlite://data/onboard.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(Backend::of("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of("postgres://onboard@db/onboard").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::of("mysql://db/onboard").is_err());
        assert!(Backend::of("data/onboard.db").is_err());
    }
}
