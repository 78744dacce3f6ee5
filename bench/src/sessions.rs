//! Sessions for the benches answered and submitted over HTTP as the widget does, so the
//! sandbox's review decides them.

use std::{
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::{json, Value};
use xtask::server_process::ServerProcess;

/// A personnummer the sandbox's review approves: on no sanctions or PEP list.
const APPROVED_PNR: &str = "19900101-1239";
/// A 1×1 PNG: the identity document's scan.
const SCAN: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Answers every step of a `kyc-demo` session for an applicant the review approves, submits
/// it, and waits for the sandbox's review to approve it, with the `credential` its code was
/// claimed for.
pub fn approve_kyc(server: &ServerProcess, credential: &str) -> Result<()> {
    let api = format!("{}/api/v1", server.url());
    let bearer = format!("Bearer {credential}");
    let answer = |step: &str, body: Value| {
        ureq::put(format!("{api}/onboarding/answers/{step}"))
            .header("Authorization", &bearer)
            .send_json(body)
            .with_context(|| format!("the {step} answer was refused"))
    };
    answer(
        "personalDetails",
        json!({"firstName": "Anna", "lastName": "Andersson", "dateOfBirth": "1990-01-01",
               "identityNumber": APPROVED_PNR}),
    )?;
    answer(
        "contactDetails",
        json!({"email": "anna@example.se", "phoneNumber": "+46701234567"}),
    )?;
    answer(
        "address",
        json!({"addressLine1": "Drottninggatan 32", "addressLine2": "", "postalCode": "111 45",
               "city": "Stockholm", "country": "SE"}),
    )?;
    answer(
        "taxResidence",
        json!({"residences": [{"country": "SE", "taxNumber": APPROVED_PNR}]}),
    )?;
    #[derive(Deserialize)]
    struct Scan {
        id: String,
    }
    let scan: Scan = ureq::post(format!("{api}/onboarding/documents"))
        .header("Authorization", &bearer)
        .header("Content-Type", "application/octet-stream")
        .header("X-File-Name", "passport.png")
        .send(SCAN)
        .context("the scan upload was refused")?
        .into_body()
        .read_json()?;
    answer(
        "identityDocument",
        json!({"documentType": "PASSPORT", "number": "AA1234567", "issuingCountry": "SE",
               "issueDate": "2021-05-01", "expiryDate": "2031-05-01", "scanId": scan.id}),
    )?;
    ureq::post(format!("{api}/onboarding/submit"))
        .header("Authorization", &bearer)
        .send_empty()
        .context("the submit was refused")?;

    // The sandbox's review takes a moment and a few seconds at most.
    #[derive(Deserialize)]
    struct Status {
        status: String,
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now: Status = ureq::get(format!("{api}/session/status"))
            .header("Authorization", &bearer)
            .call()?
            .into_body()
            .read_json()?;
        match now.status.as_str() {
            "APPROVED" => return Ok(()),
            "IN_PROGRESS" | "NOT_STARTED" if Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(200))
            }
            other => {
                bail!("the sandbox's review of the submitted session says {other}, not APPROVED")
            }
        }
    }
}
