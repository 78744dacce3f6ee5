//! Everything that crosses a wire between the widget, the server and the sandbox, and the pure
//! logic all three agree on. No I/O here: it compiles to wasm32 and native alike.

pub mod api;
pub mod backoff;
pub mod birth_date;
pub mod country;
pub mod date;
pub mod embed;
pub mod error;
pub mod fragment;
pub mod identity;
pub mod ids;
pub mod language;
pub mod money;
pub mod onboarding;
pub mod provider;
pub mod regions;
pub mod search;
pub mod sse;
pub mod status;
pub mod theme;
#[cfg(feature = "webhooks")]
pub mod webhooks;
pub mod wire;

pub use country::CountryCode;
pub use error::{ApiError, ErrorBody, ErrorCode};
pub use ids::ApplicationId;
pub use language::Language;
pub use money::Money;
pub use status::ApplicationStatus;
