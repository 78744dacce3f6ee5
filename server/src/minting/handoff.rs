//! A session's move to another device (a desktop without a camera hands over to a phone): a
//! one-time claim code of the same application, claimable for a short while, drawn as a QR
//! code for the other device's camera. The claim (`routes::claim`) tells the application's event
//! streams, so the device that asked follows the other.

use askama::filters::{escape, Html};
use protocol::api::HandoffCreated;
use protocol::Language;
use qrcode::render::svg;
use qrcode::QrCode;

use super::{mint_again, ClaimPurpose};
use crate::applications::is_submitted;
use crate::auth::Session;
use crate::{db, AppError, AppState};

/// Long enough to find the phone and point it at the screen; a photo of the screen is worth
/// little after.
pub const HANDOFF_CLAIM_LIFETIME_SECS: u64 = 10 * 60;

/// A link that opens a new session of `session`'s application on another device, with its QR
/// code. Refused once the application is submitted: nothing is left to carry on.
pub async fn hand_off(state: &AppState, session: &Session) -> Result<HandoffCreated, AppError> {
    if is_submitted(&state.db, session.application_id.as_str()).await? {
        return Err(AppError::Conflict(
            "the application is submitted; there is nothing left to carry on elsewhere".into(),
        ));
    }
    let made = mint_again(
        state,
        session.application_id.clone(),
        ClaimPurpose::Handoff,
        HANDOFF_CLAIM_LIFETIME_SECS,
    )
    .await?;
    let language = Language::negotiate(session.locale.as_deref()).unwrap_or_default();
    let qr_svg = qr_svg(&made.session.hosted_url, qr_label(language))?;
    tracing::info!(application = %session.application_id, "handoff link made");
    Ok(HandoffCreated {
        url: made.session.hosted_url,
        qr_svg,
        expires_at: db::rfc3339(made.claim_expires_at),
    })
}

/// What a screen reader says of the QR code.
fn qr_label(language: Language) -> &'static str {
    match language {
        Language::En => "QR code: scan it with your phone's camera to continue there",
        Language::Sv => "QR-kod: skanna den med mobilens kamera för att fortsätta där",
        Language::Nb => "QR-kode: skann den med mobilkameraet for å fortsette der",
        Language::De => {
            "QR-Code: Scannen Sie ihn mit der Kamera Ihres Smartphones, um dort fortzufahren"
        }
    }
}

/// `url` as an `<svg>` element the widget inserts as it is: black modules on white with the
/// quiet zone scanners need, drawn with `fill` attributes (the page's CSP allows no inline
/// style), and named for screen readers by `label`.
fn qr_svg(url: &str, label: &str) -> Result<String, AppError> {
    let code = QrCode::new(url.as_bytes())
        .map_err(|err| AppError::Internal(format!("the handoff link makes no QR code: {err}")))?;
    let drawn = code
        .render::<svg::Color>()
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .quiet_zone(true)
        .build();
    // The renderer writes a standalone document: its XML declaration has no place in an HTML
    // page, and its start tag no room for a role or a label.
    let (start_tag, drawing) = drawn
        .find("<svg")
        .and_then(|at| drawn[at..].split_once('>'))
        .ok_or_else(|| AppError::Internal("the QR renderer wrote no <svg> element".into()))?;
    let label = escape(label, Html).expect("escaping into a string cannot fail");
    Ok(format!(
        r#"{start_tag} role="img" aria-label="{label}"><title>{label}</title>{drawing}"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_one_labelled_svg_element_with_no_inline_style() {
        let svg = qr_svg("https://onboard.example/#token=abc", "a \"label\" & <more>").unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(svg.contains(
            r#" role="img" aria-label="a &#34;label&#34; &#38; &#60;more&#62;"><title>a &#34;label&#34; &#38; &#60;more&#62;</title><rect "#
        ), "{svg}");
        assert!(svg.contains(r##"fill="#fff""##) && svg.contains(r##"fill="#000""##));
        for blocked in ["style", "<script", "<?xml", "javascript:", " on"] {
            assert!(!svg.contains(blocked), "{blocked} in {svg}");
        }
    }
}
