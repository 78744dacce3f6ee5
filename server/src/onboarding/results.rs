//! The provider's result reads in one answer, for the results screen and the partner's
//! backend; none before the submit. Numbers a screen need not show in full arrive masked.

use protocol::api::onboarding::ResultsView;
use protocol::onboarding::Subject;
use protocol::provider::onboarding::{BankAccount, DataList, Document};
use protocol::ApplicationId;

use crate::providers::ProviderError;
use crate::{AppError, AppState};

/// All but the last four characters hidden.
fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    let keep = chars.len().saturating_sub(4);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { '•' } else { *c })
        .collect()
}

fn masked(account: BankAccount) -> BankAccount {
    BankAccount {
        account_number: account.account_number.as_deref().map(mask),
        iban: account.iban.as_deref().map(mask),
        ..account
    }
}

/// The browser has no use for the partner's download link.
fn without_link(document: Document) -> Document {
    Document {
        download_url: String::new(),
        ..document
    }
}

/// The results for the widget and for the partner's backend alike; none before the submit.
pub async fn read(
    state: &AppState,
    id: &ApplicationId,
    workflow_id: &str,
) -> Result<Option<ResultsView>, AppError> {
    let provider = &state.onboarding;
    let application = provider.get_application(id).await?;
    let workflow = super::workflow(state, workflow_id).await?;
    let reads = tokio::try_join!(
        provider.read::<DataList<Document>>("v1/applications.documents.list", id),
        provider.read::<DataList<BankAccount>>("v1/applications.bankAccounts.list", id),
        provider.read::<serde_json::Value>("v1/applications.person.get", id),
    );
    let (documents, accounts, person) = match reads {
        Ok(reads) => reads,
        // Before the submit the provider has nothing to read.
        Err(ProviderError::Rejected { status, .. }) if status.as_u16() == 404 => return Ok(None),
        Err(err) => return Err(err.into()),
    };
    let mut view = ResultsView {
        status: application.status,
        person: serde_json::from_value(person).ok(),
        organization: None,
        organization_contact: None,
        signing_combinations: vec![],
        signed_by: vec![],
        board_members: vec![],
        documents: documents.data.into_iter().map(without_link).collect(),
        bank_accounts: accounts.data.into_iter().map(masked).collect(),
    };
    if workflow.subject == Subject::Organization {
        let (organization, contact, combinations, signed_by, board) = tokio::try_join!(
            provider.read("v1/applications.organization.get", id),
            provider.read("v1/applications.organization.contactDetails.get", id),
            provider
                .read::<DataList<_>>("v1/applications.organization.signingCombinations.get", id),
            provider.read::<DataList<_>>("v1/applications.organization.signedBy.get", id),
            provider.read::<DataList<_>>("v1/applications.organization.boardMembers.get", id),
        )?;
        view.organization = Some(organization);
        view.organization_contact = Some(contact);
        view.signing_combinations = combinations.data;
        view.signed_by = signed_by.data;
        view.board_members = board.data;
    }
    Ok(Some(view))
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_all_but_the_last_four() {
        assert_eq!(
            mask("SE35 5000 0000 0549 1000 0003"),
            "••••••••••••••••••••0003"
        );
        assert_eq!(mask("123"), "123");
    }
}
