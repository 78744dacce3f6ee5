//! The bank's records, in memory: one entry per customer with everything filed under it.

use std::collections::HashMap;

use protocol::provider::kyc_records::{
    Customer, CustomerAddress, KycCheck, KycDocument, KycMedia, KycStatus, TaxResidence,
};

use super::KycError;

/// A customer and its KYC records, each list in the order it was filed.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub customer: Customer,
    pub addresses: Vec<CustomerAddress>,
    pub tax_residences: Vec<TaxResidence>,
    pub documents: Vec<KycDocument>,
    pub media: Vec<KycMedia>,
    pub checks: Vec<KycCheck>,
    /// The KYC timeline, oldest first.
    pub statuses: Vec<KycStatus>,
}

impl Record {
    pub fn new(customer: Customer) -> Self {
        Self {
            customer,
            addresses: Vec::new(),
            tax_residences: Vec::new(),
            documents: Vec::new(),
            media: Vec::new(),
            checks: Vec::new(),
            statuses: Vec::new(),
        }
    }
}

/// Records by customer_id.
#[derive(Debug, Default)]
pub(super) struct Store {
    records: HashMap<String, Record>,
}

impl Store {
    pub fn by_number(&self, bank_id: &str, customer_number: &str) -> Option<&Customer> {
        self.records
            .values()
            .map(|record| &record.customer)
            .find(|c| c.bank_id == bank_id && c.customer_number == customer_number)
    }

    pub fn insert(&mut self, customer: Customer) {
        self.records
            .insert(customer.customer_id.clone(), Record::new(customer));
    }

    /// The customer's records; under a bank's path, only that bank's customers.
    pub fn record(&self, bank_id: Option<&str>, customer_id: &str) -> Result<&Record, KycError> {
        self.records
            .get(customer_id)
            .filter(|r| bank_id.is_none_or(|bank| r.customer.bank_id == bank))
            .ok_or(KycError::CustomerNotFound)
    }

    pub fn record_mut(
        &mut self,
        bank_id: &str,
        customer_id: &str,
    ) -> Result<&mut Record, KycError> {
        self.records
            .get_mut(customer_id)
            .filter(|r| r.customer.bank_id == bank_id)
            .ok_or(KycError::CustomerNotFound)
    }
}

/// Puts `item` where the one with the same id was (replace), or at the end. True if new.
pub(super) fn upsert<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) -> bool {
    match list.iter_mut().find(|existing| same(existing)) {
        Some(existing) => {
            *existing = item;
            false
        }
        None => {
            list.push(item);
            true
        }
    }
}
