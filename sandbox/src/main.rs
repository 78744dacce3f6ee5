//! The sandbox on its own, for running the providers apart from the server.

use std::net::SocketAddr;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,onboard_sandbox=debug".into()),
        )
        .init();
    let bind: SocketAddr = std::env::var("SANDBOX_BIND")
        .unwrap_or_else(|_| "127.0.0.1:8090".into())
        .parse()
        .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidInput, err))?;
    let app = axum::Router::new().nest(
        "/sandbox",
        onboard_sandbox::router(onboard_sandbox::SandboxConfig::default()),
    );
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!("sandbox on http://{}/sandbox", listener.local_addr()?);
    axum::serve(listener, app).await
}
