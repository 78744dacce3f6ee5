//! `GET /api/v1/banks?country=SE&q=nord`: the banks a session may connect, from the provider.

use axum::extract::State;
use axum::Json;
use protocol::api::banking::{Bank, BankList, MAX_BANK_QUERY_LEN};
use protocol::api::paths;
use protocol::provider::openbanking::Aspsp;
use protocol::CountryCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Session;
use crate::extract::AppQuery;
use crate::{AppError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct BankQuery {
    /// Only this market's banks.
    #[param(value_type = Option<CountryCode>)]
    country: Option<String>,
    /// Part of the bank's name, in any case.
    #[param(max_length = 64)]
    q: Option<String>,
}

#[utoipa::path(
    get,
    path = paths::BANKS,
    operation_id = "listBanks",
    tag = "bank",
    security(("session_token" = [])),
    params(BankQuery),
    responses((status = 200, body = protocol::api::banking::BankList)),
)]
async fn list(
    State(state): State<AppState>,
    _session: Session,
    AppQuery(query): AppQuery<BankQuery>,
) -> Result<Json<BankList>, AppError> {
    let country = query
        .country
        .map(|c| {
            CountryCode::parse(&c)
                .map_err(|err| AppError::invalid("country", format!("country {err}")))
        })
        .transpose()?;
    let q = query.q.unwrap_or_default();
    // In characters, as sent: what the document's maxLength means.
    if q.chars().count() > MAX_BANK_QUERY_LEN {
        return Err(AppError::invalid(
            "q",
            format!("q is longer than {MAX_BANK_QUERY_LEN} characters"),
        ));
    }
    let needle = q.trim().to_lowercase();
    let banks = state
        .openbanking
        .banks()
        .await?
        .aspsps
        .into_iter()
        .filter(|bank| country.is_none_or(|c| bank.country_code == c.as_str()))
        .filter(|bank| bank.name.to_lowercase().contains(&needle))
        .map(bank_view)
        .collect();
    Ok(Json(BankList { banks }))
}

pub fn bank_view(aspsp: Aspsp) -> Bank {
    let options = aspsp.details_and_options;
    Bank {
        id: aspsp.aspsp_id,
        name: aspsp.name,
        country: aspsp.country_code,
        logo_url: aspsp.logo_url,
        transaction_filter: options.transaction_filter,
        transaction_delivery: options.transaction_delivery,
        supports_owner_name: options.supports_owner_name,
    }
}
