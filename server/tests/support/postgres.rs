//! A throwaway PostgreSQL cluster, one per test binary, on loopback with trust auth; each test
//! gets a fresh database on it. The cluster is stopped and deleted when the test binary exits.
//!
//! Debian keeps the server's programs in /usr/lib/postgresql/<version>/bin, off PATH. PostgreSQL
//! refuses to run as root, so under root the cluster runs as the `postgres` user.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use sqlx::{Connection, Executor, PgConnection};

const SKIP: &str = "ONBOARD_SKIP_POSTGRES";

struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// The unprivileged user (uid, gid) the cluster runs as when the tests run as root.
    owner: Option<(u32, u32)>,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The URL of a fresh, empty database; `None` only when `ONBOARD_SKIP_POSTGRES=1` skips the
/// PostgreSQL tests. Without PostgreSQL installed the test fails, saying how to get it.
pub async fn database() -> Option<String> {
    if std::env::var(SKIP).as_deref() == Ok("1") {
        eprintln!("{SKIP}=1: not testing against PostgreSQL");
        return None;
    }
    let cluster = CLUSTER.get_or_init(Cluster::start);
    let name = format!("onboard_test_{}", DATABASES.fetch_add(1, Ordering::SeqCst));
    let mut admin = PgConnection::connect(&cluster.url("postgres"))
        .await
        .expect("connect to the test cluster");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    admin.close().await.ok();
    Some(cluster.url(&name))
}

impl Cluster {
    fn start() -> Self {
        let bin = server_programs().unwrap_or_else(|| {
            panic!(
                "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH): \
                 run `cargo xtask setup`, or `apt-get install postgresql`; {SKIP}=1 skips these tests"
            )
        });
        let dir = tempfile::Builder::new()
            .prefix("onboard-pg-")
            .tempdir()
            .unwrap()
            .keep();
        let owner = unprivileged_owner();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).unwrap();
        }
        let cluster = Self {
            bin,
            dir,
            port: free_port(),
            owner,
        };
        cluster.run(
            "initdb",
            &[
                "--pgdata=data",
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--no-sync",
            ],
        );
        // Loopback only, no Unix socket, and no durability: the data dies with the test.
        let settings = format!(
            "listen_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = ''\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n",
            cluster.port
        );
        let config = cluster.dir.join("data/postgresql.conf");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str(&settings);
        std::fs::write(&config, text).unwrap();
        cluster.run(
            "pg_ctl",
            &["--pgdata=data", "--log=server.log", "--wait", "start"],
        );
        // SAFETY: `stop_at_exit` is an `extern "C" fn()` that does not unwind.
        unsafe { libc::atexit(stop_at_exit) };
        cluster
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn run(&self, program: &str, args: &[&str]) {
        let mut command = Command::new(self.bin.join(program));
        command.args(args).current_dir(&self.dir);
        if let Some((uid, gid)) = self.owner {
            command.uid(uid).gid(gid);
        }
        let output = command
            .output()
            .unwrap_or_else(|err| panic!("{program}: {err}"));
        if !output.status.success() {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            panic!(
                "{program} {args:?} failed: {}\n{}\n{log}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

extern "C" fn stop_at_exit() {
    if let Some(cluster) = CLUSTER.get() {
        let stopped = std::panic::catch_unwind(|| {
            cluster.run("pg_ctl", &["--pgdata=data", "--mode=immediate", "stop"])
        });
        if stopped.is_err() {
            eprintln!(
                "the test PostgreSQL in {} may still be running",
                cluster.dir.display()
            );
        }
        std::fs::remove_dir_all(&cluster.dir).ok();
    }
}

/// The directory holding initdb and pg_ctl: Debian's newest version, else PATH's.
fn server_programs() -> Option<PathBuf> {
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path());
    let mut versions: Vec<(u32, PathBuf)> = debian
        .filter_map(|path| Some((path.file_name()?.to_str()?.parse().ok()?, path.join("bin"))))
        .collect();
    versions.sort();
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>());
    versions
        .into_iter()
        .rev()
        .map(|(_, bin)| bin)
        .chain(on_path)
        .find(|bin| has_programs(bin))
}

fn has_programs(bin: &Path) -> bool {
    bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()
}

/// Under root, the `postgres` user's ids (Debian's package creates that user).
fn unprivileged_owner() -> Option<(u32, u32)> {
    if id(&["-u"]) != 0 {
        return None;
    }
    Some((id(&["-u", "postgres"]), id(&["-g", "postgres"])))
}

fn id(args: &[&str]) -> u32 {
    let output = Command::new("id").args(args).output().expect("run id");
    assert!(
        output.status.success(),
        "id {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("id prints a number")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
