//! Provider identifiers: `bits:<kind>::<uuid>`.

use serde::{Deserialize, Serialize};

const APPLICATION_PREFIX: &str = "bits:application::";

/// An application id as the onboarding provider issues it, e.g.
/// `bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        value_type = String,
        pattern = "^bits:application::[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        example = "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100"
    )
)]
pub struct ApplicationId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must look like bits:application::<uuid>")]
pub struct MalformedId;

impl ApplicationId {
    pub fn new(uuid: uuid::Uuid) -> Self {
        Self(format!("{APPLICATION_PREFIX}{}", uuid.hyphenated()))
    }

    pub fn parse(value: &str) -> Result<Self, MalformedId> {
        let uuid = value.strip_prefix(APPLICATION_PREFIX).ok_or(MalformedId)?;
        // Only the canonical lower-case hyphenated form, so one application has one spelling.
        let parsed = uuid::Uuid::try_parse(uuid).map_err(|_| MalformedId)?;
        if parsed.hyphenated().to_string() != uuid {
            return Err(MalformedId);
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ApplicationId {
    type Error = MalformedId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ApplicationId> for String {
    fn from(id: ApplicationId) -> Self {
        id.0
    }
}

impl std::fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let id = "bits:application::4d72cbf4-070c-4b64-b8a6-86baaee34100";
        assert_eq!(ApplicationId::parse(id).unwrap().as_str(), id);
    }

    #[test]
    fn new_ids_parse_back() {
        let id = ApplicationId::new(uuid::Uuid::from_u128(0x1234));
        assert_eq!(ApplicationId::parse(id.as_str()).unwrap(), id);
    }

    #[test]
    fn rejects_other_kinds_and_malformed_uuids() {
        for bad in [
            "",
            "4d72cbf4-070c-4b64-b8a6-86baaee34100",
            "bits:customer::4d72cbf4-070c-4b64-b8a6-86baaee34100",
            "bits:application::not-a-uuid",
            "bits:application::4D72CBF4-070C-4B64-B8A6-86BAAEE34100",
            "bits:application::4d72cbf4070c4b64b8a686baaee34100",
        ] {
            assert_eq!(ApplicationId::parse(bad), Err(MalformedId), "{bad}");
        }
    }
}
