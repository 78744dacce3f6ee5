//! The smallest axum server, with the same axum, tokio and build profile as onboard-server:
//! `cargo xtask bench --part server` loads it as the ceiling the server's own routes are
//! compared with. `hello_world 127.0.0.1:PORT` answers `GET /` with a short text.

use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let app = Router::new().route("/", get(|| async { "Hello, World!" }));
    axum::serve(listener, app).await
}
