//! Open banking's answers: the banks, a consent, and the accounts, balances and transactions
//! read under it.

use protocol::api::banking::{
    AccountView, AccountsView, BalanceView, BalancesView, Bank, BankList, ConsentCreated,
    ConsentStatus, ConsentView, PageCursors, Permission, TransactionDelivery, TransactionFilter,
    TransactionView, TransactionsView,
};

use super::{unknown, Object, Read};
use crate::bank::progress::{BankProgress, Choices};

pub fn bank_list(object: &Object) -> Read<BankList> {
    Ok(BankList {
        banks: object.each("banks", bank)?,
    })
}

fn bank(object: &Object) -> Read<Bank> {
    let filter = object.string("transactionFilter")?;
    let delivery = object.string("transactionDelivery")?;
    Ok(Bank {
        id: object.string("id")?,
        name: object.string("name")?,
        country: object.string("country")?,
        logo_url: object.string("logoUrl")?,
        transaction_filter: match filter.as_str() {
            "Date" => TransactionFilter::Date,
            "DateTime" => TransactionFilter::DateTime,
            _ => return Err(unknown("transactionFilter", &filter)),
        },
        transaction_delivery: match delivery.as_str() {
            "Paginated" => TransactionDelivery::Paginated,
            "Download" => TransactionDelivery::Download,
            _ => return Err(unknown("transactionDelivery", &delivery)),
        },
        supports_owner_name: object.bool("supportsOwnerName")?,
    })
}

pub fn consent_created(object: &Object) -> Read<ConsentCreated> {
    Ok(ConsentCreated {
        consent_id: object.string("consentId")?,
        status: consent_status(object)?,
        redirect_url: object.string("redirectUrl")?,
    })
}

pub fn consent_view(object: &Object) -> Read<ConsentView> {
    let permissions = object.strings("permissions")?;
    Ok(ConsentView {
        consent_id: object.string("consentId")?,
        bank_id: object.string("bankId")?,
        bank_name: object.string("bankName")?,
        status: consent_status(object)?,
        awaiting_return: object.bool_or_false("awaitingReturn")?,
        permissions: permissions
            .iter()
            .map(|name| permission(name))
            .collect::<Read<_>>()?,
        transactions_from: object.optional_string("transactionsFrom")?,
        transactions_to: object.optional_string("transactionsTo")?,
    })
}

/// The `status` field of a consent, as a consent and its event name it.
pub fn consent_status(object: &Object) -> Read<ConsentStatus> {
    let status = object.string("status")?;
    ConsentStatus::parse(&status).ok_or_else(|| unknown("status", &status))
}

fn permission(name: &str) -> Read<Permission> {
    Permission::parse(name).ok_or_else(|| unknown("permissions", name))
}

pub fn accounts_view(object: &Object) -> Read<AccountsView> {
    Ok(AccountsView {
        accounts: object.each("accounts", account)?,
    })
}

fn account(object: &Object) -> Read<AccountView> {
    Ok(AccountView {
        account_id: object.string("accountId")?,
        iban: object.string("iban")?,
        currency: object.string("currency")?,
        name: object.string("name")?,
        product: object.string("product")?,
        owner_name: object.optional_string("ownerName")?,
    })
}

pub fn balances_view(object: &Object) -> Read<BalancesView> {
    Ok(BalancesView {
        balances: object.each("balances", balance)?,
    })
}

fn balance(object: &Object) -> Read<BalanceView> {
    Ok(BalanceView {
        kind: object.string("kind")?,
        amount: object.money("amount")?,
        reference_date: object.string("referenceDate")?,
    })
}

pub fn transactions_view(object: &Object) -> Read<TransactionsView> {
    let cursors = object.object("cursors")?;
    Ok(TransactionsView {
        transactions: object.each("transactions", transaction)?,
        cursors: PageCursors {
            first: cursors.optional_string("first")?,
            previous: cursors.optional_string("previous")?,
            next: cursors.optional_string("next")?,
            last: cursors.optional_string("last")?,
        },
        download_only: object.bool_or_false("downloadOnly")?,
    })
}

fn transaction(object: &Object) -> Read<TransactionView> {
    Ok(TransactionView {
        transaction_id: object.string("transactionId")?,
        booking_date: object.string("bookingDate")?,
        amount: object.money("amount")?,
        counterparty: object.optional_string("counterparty")?,
        description: object.optional_string("description")?,
    })
}

/// The bank step as this tab saved it; a field older builds did not save takes its default.
pub fn bank_progress(object: &Object) -> Read<BankProgress> {
    if let Some(picking) = object.optional_object("picking")? {
        return Ok(BankProgress::Picking {
            country: picking.string("country")?,
            query: picking.string_or_empty("query")?,
        });
    }
    if let Some(step) = object.optional_object("permissions")? {
        return Ok(BankProgress::Permissions {
            bank: bank(&step.object("bank")?)?,
            choices: choices(&step)?,
        });
    }
    let step = object.object("consent")?;
    Ok(BankProgress::Consent {
        bank: bank(&step.object("bank")?)?,
        choices: choices(&step)?,
        // The enum's `rename_all` renames its variants, not their fields.
        consent_id: step.string("consent_id")?,
    })
}

fn choices(step: &Object) -> Read<Choices> {
    let defaults = Choices::default();
    let Some(choices) = step.optional_object("choices")? else {
        return Ok(defaults);
    };
    let flag = |name, default| Read::Ok(choices.optional_bool(name)?.unwrap_or(default));
    Ok(Choices {
        balances: flag("balances", defaults.balances)?,
        transactions: flag("transactions", defaults.transactions)?,
        owner_name: flag("ownerName", defaults.owner_name)?,
        date_from: choices.string_or_empty("dateFrom")?,
        date_to: choices.string_or_empty("dateTo")?,
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::Money;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::{parse, read_back as read};

    fn sek(minor: i64) -> Money {
        Money {
            minor,
            exponent: 2,
            currency: "SEK".into(),
        }
    }

    #[wasm_bindgen_test]
    fn reads_banks_and_consents_as_serde_json_writes_them() {
        let banks = BankList {
            banks: vec![
                Bank {
                    id: "b-1".into(),
                    name: "Bank".into(),
                    country: "SE".into(),
                    logo_url: "/logos/b-1.svg".into(),
                    transaction_filter: TransactionFilter::Date,
                    transaction_delivery: TransactionDelivery::Paginated,
                    supports_owner_name: true,
                },
                Bank {
                    id: "b-2".into(),
                    name: "Other".into(),
                    country: "SE".into(),
                    logo_url: "/logos/b-2.svg".into(),
                    transaction_filter: TransactionFilter::DateTime,
                    transaction_delivery: TransactionDelivery::Download,
                    supports_owner_name: false,
                },
            ],
        };
        assert_eq!(read(&banks, bank_list), Ok(banks));
        for status in ConsentStatus::ALL {
            let created = ConsentCreated {
                consent_id: "c-1".into(),
                status,
                redirect_url: "https://bank.example/login".into(),
            };
            assert_eq!(read(&created, consent_created), Ok(created));
        }
        for (window, awaiting_return) in [(None, false), (Some("2024-01-31".to_owned()), true)] {
            let view = ConsentView {
                consent_id: "c-1".into(),
                bank_id: "b-1".into(),
                bank_name: "Bank".into(),
                status: ConsentStatus::Open,
                awaiting_return,
                permissions: Permission::ALL.to_vec(),
                transactions_from: window.clone(),
                transactions_to: window,
            };
            assert_eq!(read(&view, consent_view), Ok(view));
        }
        let newer = r#"{"consentId":"c","status":"Paused","redirectUrl":"u"}"#;
        assert!(consent_created(&parse(newer).unwrap()).is_err());
    }

    #[wasm_bindgen_test]
    fn reads_the_saved_bank_step_back() {
        let bank = |id: &str| Bank {
            id: id.into(),
            name: "Bank".into(),
            country: "SE".into(),
            logo_url: "/logos/b.svg".into(),
            transaction_filter: TransactionFilter::Date,
            transaction_delivery: TransactionDelivery::Paginated,
            supports_owner_name: true,
        };
        let chosen = Choices {
            balances: false,
            transactions: true,
            owner_name: true,
            date_from: "2024-01-01".into(),
            date_to: "2024-01-31".into(),
        };
        for progress in [
            BankProgress::picking("NO".into()),
            BankProgress::Picking {
                country: "SE".into(),
                query: "nord".into(),
            },
            BankProgress::Permissions {
                bank: bank("b-1"),
                choices: Choices::default(),
            },
            BankProgress::Consent {
                bank: bank("b-2"),
                choices: chosen,
                consent_id: "c-1".into(),
            },
        ] {
            assert_eq!(read(&progress, bank_progress), Ok(progress));
        }
        // What older builds saved, without the choices or with some of them.
        let older = r#"{"picking":{"country":"NO"}}"#;
        let read_older = |json: &str| bank_progress(&parse(json).unwrap());
        assert_eq!(read_older(older), Ok(BankProgress::picking("NO".into())));
        let bank_json = serde_json::to_string(&bank("b-1")).unwrap();
        let partial =
            format!(r#"{{"permissions":{{"bank":{bank_json},"choices":{{"balances":false}}}}}}"#);
        assert_eq!(
            read_older(&partial),
            Ok(BankProgress::Permissions {
                bank: bank("b-1"),
                choices: Choices {
                    balances: false,
                    ..Choices::default()
                },
            })
        );
    }

    #[wasm_bindgen_test]
    fn reads_accounts_balances_and_transactions_as_serde_json_writes_them() {
        let accounts = AccountsView {
            accounts: [None, Some("Ada".to_owned())]
                .into_iter()
                .map(|owner_name| AccountView {
                    account_id: "a-1".into(),
                    iban: "SE4550000000058398257466".into(),
                    currency: "SEK".into(),
                    name: "Savings".into(),
                    product: "Account".into(),
                    owner_name,
                })
                .collect(),
        };
        assert_eq!(read(&accounts, accounts_view), Ok(accounts));
        let balances = BalancesView {
            balances: vec![BalanceView {
                kind: "ClosingBooked".into(),
                amount: sek(-150),
                reference_date: "2024-01-31".into(),
            }],
        };
        assert_eq!(read(&balances, balances_view), Ok(balances));
        let transaction = |text: Option<&str>| TransactionView {
            transaction_id: "t-1".into(),
            booking_date: "2024-01-30".into(),
            amount: sek(9_007_199_254_740_991),
            counterparty: text.map(Into::into),
            description: text.map(Into::into),
        };
        for (cursors, download_only) in [
            (PageCursors::default(), true),
            (
                PageCursors {
                    first: Some("f".into()),
                    previous: Some("p".into()),
                    next: Some("n".into()),
                    last: Some("l".into()),
                },
                false,
            ),
        ] {
            let view = TransactionsView {
                transactions: vec![transaction(None), transaction(Some("Coffee"))],
                cursors,
                download_only,
            };
            assert_eq!(read(&view, transactions_view), Ok(view));
        }
    }
}
