//! The issued account's answers: the account, a page of its operations, one operation.

use protocol::api::account::{AccountView, OperationDetailView, OperationItem, OperationsPage};

use super::{Object, Read};

pub fn account_view(object: &Object) -> Read<AccountView> {
    Ok(AccountView {
        account_number: object.string("accountNumber")?,
        masked_pan: object.string("maskedPan")?,
        balance: object.money("balance")?,
        pending: object.money("pending")?,
        available: object.optional_money("available")?,
    })
}

pub fn operations_page(object: &Object) -> Read<OperationsPage> {
    Ok(OperationsPage {
        operations: object.each("operations", operation)?,
        page: object.u32("page")?,
        has_more: object.bool("hasMore")?,
    })
}

pub fn operation_detail(object: &Object) -> Read<OperationDetailView> {
    Ok(OperationDetailView {
        operation: operation(&object.object("operation")?)?,
        merchant: object.optional_string("merchant")?,
        merchant_city: object.optional_string("merchantCity")?,
        masked_pan: object.optional_string("maskedPan")?,
        exchange_rate: object.optional_number("exchangeRate")?,
        parent: object.optional("parent", operation)?,
    })
}

fn operation(object: &Object) -> Read<OperationItem> {
    Ok(OperationItem {
        id: object.string("id")?,
        kind: object.string("kind")?,
        code: object.optional_string("code")?,
        description: object.string("description")?,
        amount: object.money("amount")?,
        original_amount: object.optional_money("originalAmount")?,
        posted_at: object.string("postedAt")?,
        reversal: object.bool("reversal")?,
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use protocol::Money;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::json::read_back;

    fn eur(minor: i64) -> Money {
        Money {
            minor,
            exponent: 2,
            currency: "EUR".into(),
        }
    }

    fn item(extra: Option<&str>) -> OperationItem {
        OperationItem {
            id: "op-1".into(),
            kind: "TRN".into(),
            code: extra.map(Into::into),
            description: "Coffee".into(),
            amount: eur(350),
            original_amount: extra.map(|_| Money {
                minor: 4000,
                exponent: 2,
                currency: "SEK".into(),
            }),
            posted_at: "2024-01-31T12:00:00Z".into(),
            reversal: extra.is_some(),
        }
    }

    #[wasm_bindgen_test]
    fn reads_the_account_as_serde_json_writes_it() {
        for available in [None, Some(eur(-100))] {
            let account = AccountView {
                account_number: "1234".into(),
                masked_pan: "123456******1234".into(),
                balance: eur(1000),
                pending: eur(0),
                available,
            };
            assert_eq!(read_back(&account, account_view), Ok(account));
        }
        let page = OperationsPage {
            operations: vec![item(None), item(Some("POS"))],
            page: 3,
            has_more: true,
        };
        assert_eq!(read_back(&page, operations_page), Ok(page));
    }

    #[wasm_bindgen_test]
    fn reads_an_operation_with_and_without_its_details() {
        let bare = OperationDetailView {
            operation: item(None),
            merchant: None,
            merchant_city: None,
            masked_pan: None,
            exchange_rate: None,
            parent: None,
        };
        assert_eq!(read_back(&bare, operation_detail), Ok(bare));
        let full = OperationDetailView {
            operation: item(Some("FEE")),
            merchant: Some("Café".into()),
            merchant_city: Some("Oslo".into()),
            masked_pan: Some("123456******1234".into()),
            exchange_rate: Some(11.4275),
            parent: Some(item(None)),
        };
        assert_eq!(read_back(&full, operation_detail), Ok(full));
    }
}
