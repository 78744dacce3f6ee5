//! Seeded account data: the same consent at the same bank shows the same accounts and
//! transactions on every run. No randomness and no clock: everything hangs off a fixed anchor.

use protocol::provider::openbanking::{Account, Amount, Balance, Transaction};
use protocol::Money;
use time::macros::{date, time};
use time::{Duration, PrimitiveDateTime};

/// "Today" for the sandbox's bank data, so tests see the same dates every day.
const ANCHOR: PrimitiveDateTime = PrimitiveDateTime::new(date!(2026 - 11 - 01), time!(12:00));
/// The first account of every bank has this many transactions: enough for real paging.
const BUSY_ACCOUNT_TRANSACTIONS: u64 = 420;

const PRODUCTS: [(&str, &str); 3] = [
    ("Everyday account", "Current"),
    ("Savings", "Savings"),
    ("Bills", "Current"),
];
const PARTIES: [&str; 10] = [
    "ICA Maxi",
    "SJ AB",
    "Spotify",
    "Vattenfall",
    "Systembolaget",
    "Apotek Hjärtat",
    "Clas Ohlson",
    "Circle K",
    "Åhlens",
    "Telia",
];

pub fn currency(country: &str) -> &'static str {
    match country {
        "SE" => "SEK",
        "NO" => "NOK",
        "DK" => "DKK",
        _ => "EUR",
    }
}

/// A small deterministic generator (splitmix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn seed(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn accounts(bank_id: &str, country: &str, owner: Option<&str>) -> Vec<Account> {
    PRODUCTS
        .iter()
        .enumerate()
        .map(|(index, (name, product))| {
            let account_id = format!("{bank_id}-{}", index + 1);
            Account {
                iban: iban(country, mix(seed(&account_id))),
                currency: currency(country).into(),
                name: (*name).into(),
                product: (*product).into(),
                owner_name: owner.map(str::to_owned),
                account_id,
            }
        })
        .collect()
}

/// An IBAN with correct ISO 13616 check digits over a numeric BBAN.
fn iban(country: &str, number: u64) -> String {
    let length = match country {
        "NO" => 11,
        "DK" | "FI" | "NL" => 14,
        "DE" => 18,
        _ => 20,
    };
    let bban: String = format!("{number:020}{:020}", mix(number))[..length].to_owned();
    let letters: String = country
        .chars()
        .map(|c| (c as u32 - 'A' as u32 + 10).to_string())
        .collect();
    let check = 98
        - format!("{bban}{letters}00")
            .bytes()
            .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 97);
    format!("{country}{check:02}{bban}")
}

pub fn balances(account: &Account) -> Vec<Balance> {
    let minor = (mix(seed(&account.account_id)) % 5_000_000) as i64 + 10_000;
    let booked = Money {
        minor,
        exponent: 2,
        currency: account.currency.clone(),
    };
    let available = Money {
        minor: minor - 12_345,
        ..booked.clone()
    };
    let date = ANCHOR.date().to_string();
    [("ClosingBooked", booked), ("InterimAvailable", available)]
        .into_iter()
        .map(|(kind, money)| Balance {
            balance_type: kind.into(),
            balance_amount: Amount {
                amount: money.to_decimal(),
                currency: money.currency,
            },
            reference_date: date.clone(),
        })
        .collect()
}

/// The account's transactions, newest first, over the fourteen months before the anchor.
pub fn transactions(account: &Account, with_time: bool) -> Vec<(PrimitiveDateTime, Transaction)> {
    let count = if account.account_id.ends_with("-1") {
        BUSY_ACCOUNT_TRANSACTIONS
    } else {
        24
    };
    let span_minutes: i64 = 14 * 30 * 24 * 60;
    (0..count)
        .map(|i| {
            let r = mix(seed(&account.account_id) ^ i);
            let at = ANCHOR
                - Duration::minutes(span_minutes * i as i64 / count as i64 + (r % 600) as i64);
            let income = r.is_multiple_of(9);
            let minor = if income {
                250_000 + (r % 2_000_000) as i64
            } else {
                -((r % 150_000) as i64 + 500)
            };
            let amount = Money {
                minor,
                exponent: 2,
                currency: account.currency.clone(),
            };
            let party = PARTIES[(r >> 8) as usize % PARTIES.len()];
            let transaction = Transaction {
                transaction_id: format!("{}-{i:04}", account.account_id),
                booking_date: at.date().to_string(),
                booking_date_time: with_time
                    .then(|| format!("{}T{}Z", at.date(), at.time().truncate_to_second())),
                value_date: at.date().to_string(),
                transaction_amount: Amount {
                    amount: amount.to_decimal(),
                    currency: amount.currency,
                },
                creditor_name: (!income).then(|| party.to_owned()),
                debtor_name: income.then(|| "Employer AB".to_owned()),
                remittance_information: Some(if income {
                    "Salary".to_owned()
                } else {
                    format!("Card purchase {party}")
                }),
            };
            (at, transaction)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_have_valid_check_digits() {
        for country in ["SE", "NO", "DK", "FI", "DE", "NL"] {
            for account in accounts("30001", country, None) {
                assert!(
                    protocol::identity::iban(&account.iban).is_ok(),
                    "{}",
                    account.iban
                );
            }
        }
    }

    #[test]
    fn data_is_the_same_every_time() {
        let account = &accounts("20101", "SE", None)[0];
        assert_eq!(transactions(account, false), transactions(account, false));
        assert_eq!(
            transactions(account, false).len() as u64,
            BUSY_ACCOUNT_TRANSACTIONS
        );
    }
}
