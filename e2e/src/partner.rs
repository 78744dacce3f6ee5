//! A partner's site on its own loopback origin: pages that embed the widget with `/onboard.js`
//! (or by hand, to send messages in a chosen order), and the partner's backend that mints
//! sessions with its API key. The same site on a third origin plays a stranger's page. Its pages
//! have an empty icon: without one the browser asks for `/favicon.ico`, and logs the 404.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Clone)]
struct Site {
    /// This site's own origin.
    own: String,
    /// The Onboard server: the widget's origin and the partner API.
    widget: String,
    /// The origin whose frame forges messages (see `FORGER`).
    foreign: String,
}

/// Serves the partner site on a listener bound beforehand (the server's configuration names
/// its origin before it runs).
pub fn serve(listener: tokio::net::TcpListener, widget: &str, foreign: &str) {
    let own = format!("http://{}", listener.local_addr().unwrap());
    let site = Site {
        own,
        widget: widget.to_owned(),
        foreign: foreign.to_owned(),
    };
    let router = Router::new()
        .route("/", get(loader_page))
        .route("/manual", get(manual_page))
        .route("/forger", get(|| async { Html(FORGER) }))
        .route("/session", post(session))
        .with_state(site);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
}

#[derive(Deserialize)]
struct PageQuery {
    workflow: String,
    locale: Option<String>,
}

/// The loader's way in, with every callback recorded in `window.onboard` for the test to read,
/// and a stranger's frame beside it that keeps posting forged widget events to this page.
async fn loader_page(State(site): State<Site>, Query(query): Query<PageQuery>) -> Html<String> {
    let locale = query
        .locale
        .map(|l| format!("'{l}'"))
        .unwrap_or_else(|| "undefined".into());
    Html(format!(
        r#"<!doctype html><html lang="en"><head><title>Partner</title><link rel="icon" href="data:,">
        <script src="{widget}/onboard.js"></script></head>
        <body><main><h1>Partner</h1><div id="container"></div>
        <iframe id="stranger" title="Stranger" src="{foreign}/forger"></iframe></main>
        <script>
          window.onboard = {{ events: [], success: [], exit: [] }};
          fetch('/session?workflow={workflow}', {{ method: 'POST' }})
            .then(response => response.json())
            .then(({{ token }}) => {{
              window.handle = Onboard.create({{
                token, container: '#container', locale: {locale},
                onEvent: event => onboard.events.push(event),
                onSuccess: event => onboard.success.push(event),
                onExit: event => onboard.exit.push(event),
              }});
              handle.open();
            }});
        </script></body></html>"#,
        widget = site.widget,
        foreign = site.foreign,
        workflow = query.workflow,
    ))
}

/// The widget framed by hand: once it says `ready`, the stranger's frame is asked to send it a
/// forged `init` (with a real token of another session), and only after the stranger confirms
/// does this page send its own. A widget that took the forgery would show the other session.
async fn manual_page(State(site): State<Site>, Query(query): Query<PageQuery>) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="en"><head><title>Partner</title><link rel="icon" href="data:,"></head>
        <body><main><h1>Partner</h1>
        <iframe id="widget" title="Onboarding" src="{widget}/embed?origin={origin}"></iframe>
        <iframe id="stranger" title="Stranger" src="{foreign}/forger?manual=1"></iframe></main>
        <script>
          const widget = document.getElementById('widget');
          const stranger = document.getElementById('stranger');
          const token = fetch('/session?workflow={workflow}', {{ method: 'POST' }}).then(r => r.json()).then(b => b.token);
          window.addEventListener('message', async event => {{
            if (event.origin === '{widget}' && event.data && event.data.type === 'ready') {{
              stranger.contentWindow.postMessage('forge', '{foreign}');
            }} else if (event.origin === '{foreign}' && event.data === 'forged') {{
              widget.contentWindow.postMessage({{ source: 'onboard', version: 1, type: 'init', token: await token }}, '{widget}');
            }}
          }});
        </script></body></html>"#,
        widget = site.widget,
        foreign = site.foreign,
        origin = site.own,
        workflow = query.workflow,
    ))
}

/// A stranger's page. Framed beside the widget it posts forged widget events to its parent;
/// asked to (`forge`), it sends the widget a forged `init` with a real token of a KYB session.
const FORGER: &str = r#"<!doctype html><html lang="en"><head><title>Stranger</title><link rel="icon" href="data:,"></head><body><script>
  const forged = { source: 'onboard', version: 1, type: 'event', event: { name: 'SUCCESS', status: 'APPROVED' } };
  if (!location.search.includes('manual')) setInterval(() => parent.postMessage(forged, '*'), 100);
  window.addEventListener('message', async event => {
    if (event.data !== 'forge') return;
    const { token } = await fetch('/session?workflow=kyb-demo', { method: 'POST' }).then(r => r.json());
    parent.frames[0].postMessage({ source: 'onboard', version: 1, type: 'init', token }, '*');
    parent.postMessage('forged', '*');
  });
</script></body></html>"#;

#[derive(Deserialize)]
struct SessionQuery {
    workflow: String,
}

/// The partner's backend: its API key stays here, the browser gets the session token only.
async fn session(State(site): State<Site>, Query(query): Query<SessionQuery>) -> Json<Value> {
    let created: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", site.widget))
        .bearer_auth("demo-partner-key")
        .json(&json!({"workflowId": query.workflow, "countryCode": "SE", "redirectUrl": format!("{}/demo", site.widget)}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    Json(json!({ "token": created["sessionToken"] }))
}
