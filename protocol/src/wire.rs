//! Enums with names on the wire: each variant's name is written once, in its declaration, and
//! serde, `as_str`, `parse`, `Display` and the database rows all use it.

/// A name that none of an enum's variants has on the wire.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a {type_name}")]
pub struct UnknownName {
    pub type_name: &'static str,
    pub name: String,
}

/// Declares an enum whose variants have wire names (`Variant = "wire"`), with `ALL` (every
/// variant, in declaration order), `as_str`, `parse`, `Display` and `TryFrom<String>` (for rows
/// that keep the name; sqlx's `try_from`), and serde's renames from the same names.
///
/// The enum derives `Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize`; other
/// derives (`Default`, `Ord`) and attributes go before `enum` as usual.
///
/// The names are taken as `tt`, not `literal`: a `literal` fragment reaches the derives wrapped
/// in an invisible group, which utoipa's reading of `serde(rename)` does not look into, and the
/// OpenAPI document then gave the variants' Rust names (the server's `openapi` tests check it).
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $wire:tt),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $($(#[$variant_meta])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            pub const ALL: [$name; [$($wire),+].len()] = [$(Self::$variant),+];

            /// The name on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }

            /// The variant with this name on the wire.
            pub fn parse(name: &str) -> Option<Self> {
                match name {
                    $($wire => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::convert::TryFrom<String> for $name {
            type Error = $crate::wire::UnknownName;

            fn try_from(name: String) -> Result<Self, Self::Error> {
                Self::parse(&name).ok_or($crate::wire::UnknownName {
                    type_name: stringify!($name),
                    name,
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use serde::{de::DeserializeOwned, Serialize};

    use crate::api::banking::BankDisplay;
    use crate::api::onboarding::{AddressKind, ScreeningState};
    use crate::onboarding::organization::IdentifierType;
    use crate::onboarding::person::DocumentType;
    use crate::onboarding::workflow::{Step, Subject};
    use crate::provider::aml::{Expand, ReportKind, WebhookEvent};
    use crate::provider::onboarding::{BankAccountType, PartyType};
    use crate::provider::openbanking::{ConsentStatus, Permission};
    use crate::ApplicationStatus;

    /// Every variant's wire name is serde's, `parse` finds it again, and `try_from` refuses a
    /// name no variant has, naming the type.
    fn names_agree<T>(
        all: &[T],
        wire: impl Fn(T) -> &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) where
        T: Copy
            + Debug
            + PartialEq
            + Serialize
            + DeserializeOwned
            + TryFrom<String, Error = super::UnknownName>,
    {
        let mut seen = std::collections::HashSet::new();
        for &variant in all {
            let name = wire(variant);
            assert!(seen.insert(name), "{name} is the name of two variants");
            assert_eq!(
                serde_json::to_string(&variant).unwrap(),
                format!("\"{name}\"")
            );
            assert_eq!(
                serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
                variant
            );
            assert_eq!(parse(name), Some(variant));
            assert_eq!(T::try_from(name.to_owned()), Ok(variant));
        }
        let unknown = T::try_from("not a name".to_owned()).unwrap_err();
        assert_eq!(unknown.name, "not a name");
        assert!(std::any::type_name::<T>().ends_with(unknown.type_name));
        assert_eq!(parse("not a name"), None);
    }

    #[test]
    fn every_wire_enum_has_one_name_per_variant_for_serde_and_for_parse() {
        names_agree(
            &ApplicationStatus::ALL,
            ApplicationStatus::as_str,
            ApplicationStatus::parse,
        );
        names_agree(
            &ConsentStatus::ALL,
            ConsentStatus::as_str,
            ConsentStatus::parse,
        );
        names_agree(&Permission::ALL, Permission::as_str, Permission::parse);
        names_agree(&BankDisplay::ALL, BankDisplay::as_str, BankDisplay::parse);
        names_agree(&Step::ALL, Step::as_str, Step::parse);
        names_agree(
            &DocumentType::ALL,
            DocumentType::as_str,
            DocumentType::parse,
        );
        names_agree(&Expand::ALL, Expand::as_str, Expand::parse);
        names_agree(&ReportKind::ALL, ReportKind::as_str, ReportKind::parse);
        names_agree(
            &WebhookEvent::ALL,
            WebhookEvent::as_str,
            WebhookEvent::parse,
        );
        names_agree(
            &ScreeningState::ALL,
            ScreeningState::as_str,
            ScreeningState::parse,
        );
        names_agree(&Subject::ALL, Subject::as_str, Subject::parse);
        names_agree(&AddressKind::ALL, AddressKind::as_str, AddressKind::parse);
        names_agree(&PartyType::ALL, PartyType::as_str, PartyType::parse);
        names_agree(
            &BankAccountType::ALL,
            BankAccountType::as_str,
            BankAccountType::parse,
        );
        names_agree(
            &IdentifierType::ALL,
            IdentifierType::as_str,
            IdentifierType::parse,
        );
    }

    #[test]
    fn names_are_the_ones_the_providers_and_the_widget_use() {
        assert_eq!(
            ApplicationStatus::ManuallyApproved.to_string(),
            "MANUALLY_APPROVED"
        );
        assert_eq!(ConsentStatus::RevokedAtTpp.as_str(), "RevokedAtTpp");
        assert_eq!(BankDisplay::Popup.as_str(), "popup");
        assert_eq!(Step::OrganizationContact.as_str(), "organizationContact");
        assert_eq!(Expand::ReportAml.as_str(), "links.reports.aml");
        assert_eq!(WebhookEvent::JsonDataReady.as_str(), "JsonDataReady");
        assert_eq!(
            IdentifierType::OrganizationNumber.as_str(),
            "ORGANIZATION_NUMBER"
        );
    }
}
