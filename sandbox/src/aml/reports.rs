//! `GET /v1/sessions/{sessionId}/reports/{aml|certificate_of_incorporation}`: a small, valid
//! one-page PDF. The document says the reports are digitally signed; here that is an
//! `X-Signature` header, `base64(HMAC-SHA256(REPORT_SIGNING_KEY, pdf bytes))`.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hmac::{Hmac, Mac};
use protocol::provider::aml::{OrganizationResult, ReportKind, SanctionStatus, SCOPE_AML_BASIC};
use sha2::Sha256;
use time::OffsetDateTime;

use super::sessions::{ensure_ready, find};
use super::AmlState;
use crate::clock::rfc3339;
use crate::SandboxError;

/// The key the sandbox signs its PDF reports with.
pub const REPORT_SIGNING_KEY: &[u8] = b"onboard-sandbox-aml-report-signing-key";

pub async fn download(
    State(state): State<AmlState>,
    headers: HeaderMap,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, SandboxError> {
    state.tokens.authorize(&headers, SCOPE_AML_BASIC)?;
    let kind = ReportKind::parse(&kind).ok_or(SandboxError::NotFound("report"))?;
    let session = find(&state, &id)?;
    if !session.reports().contains(&kind) {
        return Err(SandboxError::NotFound(
            "report (not requested in this session)",
        ));
    }
    ensure_ready(&session, kind.entity(), kind.as_str())?;
    let data = &session.organization.data;
    let pdf = pdf(&report_lines(kind, data, &id));
    let signature = base64::engine::general_purpose::STANDARD.encode(sign(&pdf));
    let filename = format!(
        "inline; filename=\"{}-{}.pdf\"",
        kind.as_str(),
        data.key_information
            .organization_number
            .as_deref()
            .or(data.key_information.duns.as_deref())
            .unwrap_or("report")
    );
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&filename).expect("ASCII file name"),
    );
    headers.insert(
        HeaderName::from_static("x-signature"),
        HeaderValue::from_str(&signature).expect("base64"),
    );
    headers.insert(
        HeaderName::from_static("x-signature-algorithm"),
        HeaderValue::from_static("HMAC-SHA256"),
    );
    Ok(response)
}

/// HMAC-SHA256 of the bytes under [`REPORT_SIGNING_KEY`].
pub fn sign(bytes: &[u8]) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(REPORT_SIGNING_KEY).expect("HMAC takes any key length");
    mac.update(bytes);
    mac.finalize().into_bytes().to_vec()
}

/// The report's title and lines.
fn report_lines(kind: ReportKind, data: &OrganizationResult, session_id: &str) -> Vec<String> {
    let key = &data.key_information;
    let title = match kind {
        ReportKind::Aml => "AML report",
        ReportKind::CertificateOfIncorporation => "Certificate of registration",
    };
    let mut lines = vec![
        title.to_owned(),
        key.name.clone(),
        format!(
            "Organization number: {}",
            key.organization_number.as_deref().unwrap_or("-")
        ),
    ];
    if let Some(duns) = &key.duns {
        lines.push(format!("DUNS: {duns}"));
    }
    lines.push(format!(
        "Legal form: {} ({})",
        key.legal_form.description, key.legal_form.code
    ));
    lines.push(format!(
        "Registered: {}   Status: {}   Country: {}",
        key.registration_date, key.status, key.country
    ));
    if let Some(registered) = data.address.as_ref().and_then(|a| a.registered.as_ref()) {
        lines.push(format!(
            "Address: {}, {} {}",
            registered.street, registered.postal_code, registered.city
        ));
    }
    lines.push(String::new());
    lines.push("Official roles:".into());
    for role in data.official_roles.iter().flatten() {
        let role_name = serde_json::to_value(role.role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        lines.push(format!(
            "  {role_name}: {} (born {}), since {}",
            role.name, role.date_of_birth, role.from_date
        ));
    }
    lines.push(String::new());
    lines.push("Signature rights:".into());
    for rule in data.authorities.iter().flat_map(|a| &a.signature_rights) {
        lines.push(format!("  {}", rule.description));
    }
    if kind == ReportKind::Aml {
        lines.push(String::new());
        lines.push(format!("LEI: {}", key.lei.as_deref().unwrap_or("-")));
        lines.push("Beneficial owners:".into());
        for owner in data
            .ownership
            .iter()
            .flat_map(|o| o.beneficials.iter().flatten())
        {
            let share = owner.owner_share.basis_points;
            lines.push(format!(
                "  {} (born {}): {}.{:02} %",
                owner.name,
                owner.date_of_birth,
                share / 100,
                share % 100
            ));
        }
        if let Some(sanction) = &data.sanction {
            let status = match sanction.status {
                SanctionStatus::Hit => "HIT",
                SanctionStatus::NoHit => "NO HIT",
            };
            lines.push(format!(
                "Sanction screening ({}): {status}",
                sanction.source.as_deref().unwrap_or("-")
            ));
            if !sanction.alias_list.is_empty() {
                lines.push(format!("  Aliases: {}", sanction.alias_list.join("; ")));
            }
        }
    }
    lines.push(String::new());
    lines.push(format!(
        "Session {session_id}, issued {}",
        rfc3339(OffsetDateTime::now_utc())
    ));
    lines
}

/// A one-page PDF 1.4 with the lines in Helvetica (WinAnsi, so Nordic letters show); the first
/// line is the title. Cross-reference offsets are exact.
pub fn pdf(lines: &[String]) -> Vec<u8> {
    let mut content = Vec::new();
    content.extend_from_slice(b"BT\n/F1 18 Tf\n50 790 Td\n");
    for (i, line) in lines.iter().take(60).enumerate() {
        if i == 1 {
            content.extend_from_slice(b"/F1 10 Tf\n0 -26 Td\n");
        } else if i > 1 {
            content.extend_from_slice(b"0 -13 Td\n");
        }
        content.push(b'(');
        content.extend(pdf_text(line));
        content.extend_from_slice(b") Tj\n");
    }
    content.extend_from_slice(b"ET\n");

    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A PDF literal string's bytes: `(`, `)` and `\` escaped, Latin-1 letters as octal escapes,
/// anything else as `?`.
fn pdf_text(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            ' '..='~' => out.push(c as u8),
            '\u{a0}'..='\u{ff}' => out.extend_from_slice(format!("\\{:03o}", c as u32).as_bytes()),
            _ => out.push(b'?'),
        }
    }
    out
}
