//! `GET .../contract`: the contract the account belongs to; `embed=accountIdentifiers` and
//! `embed=cardContractIdentifiers` add its accounts and card contracts.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use protocol::provider::issuer::{
    CardContractIdentifier, Contract, ContractIdentifier, CustomerIdentifier, ProductIdentifier,
    SCOPE_ISSUER_READ,
};

use super::store::PRODUCT_REFERENCE;
use super::{embeds, format_date, query_params, Call, IssuerError, IssuerState, ISSUER_ID};

const ACCOUNT_IDENTIFIERS: &str = "accountIdentifiers";
const CARD_CONTRACT_IDENTIFIERS: &str = "cardContractIdentifiers";

pub async fn get(
    State(state): State<IssuerState>,
    call: Call,
    headers: HeaderMap,
    Path((issuer_id, account)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = query_params(query.as_deref());
    call.read(contract(
        &state,
        &headers,
        &issuer_id,
        &account,
        params.get("embed"),
    ))
}

fn contract(
    state: &IssuerState,
    headers: &HeaderMap,
    issuer_id: &str,
    account: &str,
    embed: Option<&String>,
) -> Result<Contract, IssuerError> {
    state.authorize(headers, SCOPE_ISSUER_READ)?;
    let embedded = embeds(embed, &[ACCOUNT_IDENTIFIERS, CARD_CONTRACT_IDENTIFIERS])?;
    let store = state.store();
    let account = store.account(issuer_id, account)?;
    let external = account.identifier.issuer_account_external_reference.clone();
    let signed = format_date(account.opened);
    Ok(Contract {
        issuer_id: ISSUER_ID.into(),
        contract_identifier: ContractIdentifier {
            contract_reference: format!("CNT_{}", account.identifier.account_reference),
            issuer_contract_external_reference: external.as_ref().map(|e| format!("CONTRACT-{e}")),
        },
        issuer_branch_code: Some("NO_BRANCH".into()),
        card_release_order: Some("AUTOMATIC".into()),
        signature_date: Some(signed.clone()),
        status: "SIGNED".into(),
        status_date: Some(signed),
        account_identifiers: embedded
            .contains(&ACCOUNT_IDENTIFIERS)
            .then(|| vec![account.identifier.clone()]),
        card_contract_identifiers: embedded.contains(&CARD_CONTRACT_IDENTIFIERS).then(|| {
            vec![CardContractIdentifier {
                card_contract_reference: format!("{ISSUER_ID}{}", account.card_reference),
                issuer_card_contract_external_reference: None,
            }]
        }),
        contract_owner_identifier: CustomerIdentifier {
            customer_reference: account.customer_reference.clone(),
            issuer_customer_external_reference: external,
        },
        product_identifier: ProductIdentifier {
            issuer_product_external_reference: PRODUCT_REFERENCE.into(),
            product_reference: PRODUCT_REFERENCE.into(),
        },
        root_account_identifier: account.identifier.clone(),
    })
}
