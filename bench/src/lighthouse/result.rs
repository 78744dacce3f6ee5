//! What the bench reads from Lighthouse's JSON report: category scores, metrics, the settings
//! it ran with, and each audit that kept a category below 100.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub lighthouse_version: String,
    /// Why the figures may be off: a slow host CPU, a page that never went quiet, ...
    #[serde(default)]
    pub run_warnings: Vec<String>,
    pub config_settings: Settings,
    pub environment: Environment,
    categories: BTreeMap<String, Category>,
    audits: BTreeMap<String, Audit>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub form_factor: String,
    pub throttling_method: String,
    pub throttling: Throttling,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Throttling {
    pub rtt_ms: f64,
    pub throughput_kbps: f64,
    pub cpu_slowdown_multiplier: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    /// Lighthouse's measure of the host CPU's speed; it expects 1000 or more of a desktop.
    pub benchmark_index: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Category {
    title: String,
    score: Option<f64>,
    audit_refs: Vec<AuditRef>,
}

#[derive(Deserialize)]
struct AuditRef {
    id: String,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Audit {
    title: String,
    score: Option<f64>,
    score_display_mode: String,
    display_value: Option<String>,
    numeric_value: Option<f64>,
}

/// An audit of a category that did not pass in full.
pub struct Failed {
    pub title: String,
    /// Lighthouse's own summary, e.g. `9.0 s` or `Est savings of 24 KiB`.
    pub display_value: Option<String>,
    /// Its weight in the category's score; 0 for the diagnostics that only explain the metrics.
    pub weight: f64,
}

impl Report {
    pub fn parse(json: &str) -> Result<Self> {
        serde_json::from_str(json).context("Lighthouse's report is not the JSON this bench reads")
    }

    /// The category's title and its score out of 100 (None when Lighthouse could not score it).
    pub fn score(&self, category: &str) -> Result<(&str, Option<u32>)> {
        let found = self.category(category)?;
        let score = found.score.map(|s| (s * 100.0).round() as u32);
        Ok((&found.title, score))
    }

    /// An audit's measured value: milliseconds for timings, bytes for weights, the CLS itself.
    pub fn metric(&self, audit: &str) -> Option<f64> {
        self.audits.get(audit)?.numeric_value
    }

    /// Every scored audit of `category` below a full score, as the Lighthouse report lists them.
    pub fn failed(&self, category: &str) -> Result<Vec<Failed>> {
        let mut failed = Vec::new();
        for reference in &self.category(category)?.audit_refs {
            let audit = self
                .audits
                .get(&reference.id)
                .with_context(|| format!("Lighthouse's report lacks its audit {}", reference.id))?;
            let scored =
                ["binary", "numeric", "metricSavings"].contains(&audit.score_display_mode.as_str());
            let below_full = audit.score.is_some_and(|score| score < 1.0);
            let broken = audit.score_display_mode == "error";
            if (scored && below_full) || broken {
                failed.push(Failed {
                    title: audit.title.clone(),
                    display_value: match broken {
                        true => Some("Lighthouse could not run this audit".into()),
                        false => audit.display_value.clone().filter(|v| !v.is_empty()),
                    },
                    weight: reference.weight,
                });
            }
        }
        Ok(failed)
    }

    fn category(&self, id: &str) -> Result<&Category> {
        self.categories
            .get(id)
            .with_context(|| format!("Lighthouse's report has no {id} category"))
    }
}

#[cfg(test)]
mod tests {
    use super::Report;

    #[test]
    fn only_scored_audits_below_a_full_score_count_as_failed() {
        let report = Report::parse(
            r#"{
                "lighthouseVersion": "12.8.2",
                "configSettings": {"formFactor": "mobile", "throttlingMethod": "simulate",
                    "throttling": {"rttMs": 150, "throughputKbps": 1638.4, "cpuSlowdownMultiplier": 4}},
                "environment": {"benchmarkIndex": 900},
                "categories": {"performance": {"title": "Performance", "score": 0.655, "auditRefs": [
                    {"id": "largest-contentful-paint", "weight": 25},
                    {"id": "cumulative-layout-shift", "weight": 25},
                    {"id": "unminified-javascript", "weight": 0},
                    {"id": "diagnostics", "weight": 0},
                    {"id": "uses-http2", "weight": 0}
                ]}},
                "audits": {
                    "largest-contentful-paint": {"title": "Largest Contentful Paint", "score": 0.4,
                        "scoreDisplayMode": "numeric", "displayValue": "4.1 s", "numericValue": 4100.5},
                    "cumulative-layout-shift": {"title": "Cumulative Layout Shift", "score": 1,
                        "scoreDisplayMode": "numeric", "numericValue": 0},
                    "unminified-javascript": {"title": "Minify JavaScript", "score": 0.5,
                        "scoreDisplayMode": "metricSavings", "displayValue": ""},
                    "diagnostics": {"title": "Diagnostics", "score": null, "scoreDisplayMode": "informative"},
                    "uses-http2": {"title": "Use HTTP/2", "score": null, "scoreDisplayMode": "error"}
                }
            }"#,
        )
        .unwrap();
        assert_eq!(
            report.score("performance").unwrap(),
            ("Performance", Some(66))
        );
        assert_eq!(report.metric("largest-contentful-paint"), Some(4100.5));
        let failed = report.failed("performance").unwrap();
        let listed: Vec<(&str, Option<&str>, f64)> = failed
            .iter()
            .map(|f| (f.title.as_str(), f.display_value.as_deref(), f.weight))
            .collect();
        assert_eq!(
            listed,
            [
                ("Largest Contentful Paint", Some("4.1 s"), 25.0),
                ("Minify JavaScript", None, 0.0),
                (
                    "Use HTTP/2",
                    Some("Lighthouse could not run this audit"),
                    0.0
                ),
            ]
        );
        assert!(report.score("seo").is_err());
    }
}
