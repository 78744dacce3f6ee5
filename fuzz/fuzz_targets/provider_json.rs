//! The providers' responses as the server reads them: the first byte picks the type, the rest
//! is the body. Whatever parses must write back to JSON that parses to the same value (types
//! holding floats only need to parse again: their decimal form may move by one ulp).

#![no_main]

use libfuzzer_sys::fuzz_target;
use protocol::onboarding::Workflow;
use protocol::provider::{aml, issuer, kyc_records, oauth, onboarding, openbanking};
use serde::{de::DeserializeOwned, Serialize};

fn round_trips<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(body: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(body) {
        let written = serde_json::to_vec(&value).expect("a parsed value serializes");
        let again: T = serde_json::from_slice(&written).expect("what we write parses");
        assert_eq!(value, again);
    }
}

fn parses_again<T: DeserializeOwned + Serialize>(body: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(body) {
        let written = serde_json::to_vec(&value).expect("a parsed value serializes");
        serde_json::from_slice::<T>(&written).expect("what we write parses");
    }
}

/// Amounts are converted to exact money; that may refuse, never panic, and keeps the value.
fn amount_converts(body: &[u8]) {
    if let Ok(amount) = serde_json::from_slice::<issuer::Amount>(body) {
        if let Ok(money) = amount.to_money() {
            assert_eq!(money.currency, amount.iso_code);
            let back = issuer::Amount::from_money(&money).to_money();
            assert_eq!(back, Ok(money));
        }
    }
}

const PARSERS: &[fn(&[u8])] = &[
    // Onboarding provider.
    round_trips::<onboarding::Application>,
    round_trips::<onboarding::CreateApplicationResponse>,
    round_trips::<onboarding::ProviderErrorBody>,
    round_trips::<Workflow>,
    // Open banking.
    round_trips::<openbanking::AspspList>,
    round_trips::<openbanking::ConsentCreated>,
    round_trips::<openbanking::ConsentStatusResponse>,
    round_trips::<openbanking::AccountList>,
    round_trips::<openbanking::BalanceList>,
    round_trips::<openbanking::TransactionPage>,
    round_trips::<openbanking::TransactionDownload>,
    // AML screening.
    round_trips::<aml::SessionCreated>,
    round_trips::<aml::SessionStatus>,
    round_trips::<aml::OrganizationResult>,
    round_trips::<aml::WebhookNotification>,
    // KYC records.
    round_trips::<kyc_records::Customer>,
    round_trips::<kyc_records::CustomerAddresses>,
    round_trips::<kyc_records::TaxResidences>,
    round_trips::<kyc_records::KycDocuments>,
    round_trips::<kyc_records::KycChecks>,
    round_trips::<kyc_records::KycStatuses>,
    round_trips::<kyc_records::ObpError>,
    // Card issuer.
    round_trips::<issuer::Data<issuer::FinancialInformation>>,
    round_trips::<issuer::Data<Vec<issuer::Operation>>>,
    parses_again::<issuer::Data<issuer::OperationDetail>>,
    amount_converts,
    // OAuth.
    round_trips::<oauth::TokenResponse>,
    round_trips::<oauth::OAuthError>,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    PARSERS[usize::from(pick) % PARSERS.len()](body);
});
