use clap::Parser;
use onboard_server::config::LogFormat;
use onboard_server::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let logs = tracing_subscriber::fmt().with_env_filter(
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| "info,tower_http=info".into()),
    );
    match config.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).with_span_list(false).init(),
    }
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let public_url = config.public_url().clone();
    tracing::info!("Onboard on {public_url} (demo page: {public_url}demo)");
    onboard_server::serve(config, listener).await
}
