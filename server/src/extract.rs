//! The extractors handlers take their input with: axum's own, whose rejections (plain text)
//! become `AppError`, so that a body, path or query that does not parse is answered in the one
//! error shape like any other refusal, with the field at fault when there is one.

use std::error::Error;

use axum::body::Bytes;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;

use crate::providers::has_dot_segment;
use crate::AppError;

/// A JSON body (`Content-Type: application/json`), within the route's body limit.
pub struct AppJson<T>(pub T);

/// The query string, as `T`'s fields.
pub struct AppQuery<T>(pub T);

/// The path's parameters: a `String`, or a tuple of them for several. None may be a dot segment
/// (`.`, `..`, also percent-encoded), which is `400 invalid_request` naming the parameter.
pub struct AppPath<T>(pub T);

/// The raw body, within the route's body limit.
pub struct AppBytes(pub Bytes);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

impl<T, S> FromRequestParts<S> for AppQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

impl<T, S> FromRequestParts<S> for AppPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(value) = Path::<T>::from_request_parts(parts, state).await?;
        // Ids from paths go into the providers' paths, where `.` and `..` would lead elsewhere.
        let Path(raw) = Path::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
        if let Some((name, _)) = raw.iter().find(|(_, value)| has_dot_segment(value)) {
            return Err(AppError::invalid(
                name,
                format!("{name} must not be '.' or '..', nor hold them between slashes"),
            ));
        }
        Ok(Self(value))
    }
}

impl<S> FromRequest<S> for AppBytes
where
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        Ok(Self(Bytes::from_request(request, state).await?))
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                Self::UnsupportedMediaType("the body must be JSON, sent as application/json")
            }
            JsonRejection::BytesRejection(rejection) => rejection.into(),
            JsonRejection::JsonSyntaxError(rejection) => {
                // Where in the document it broke is said by line and column; no field is at fault.
                let problem = deserialization::<serde_json::Error>(&rejection)
                    .map_or_else(|| rejection.to_string(), |found| found.inner().to_string());
                Self::Invalid {
                    field: None,
                    message: format!("the body is not valid JSON: {problem}"),
                }
            }
            JsonRejection::JsonDataError(rejection) => {
                let (field, problem) = field_problem::<serde_json::Error>(&rejection);
                Self::Invalid {
                    message: format!("the body does not fit: {problem}"),
                    field,
                }
            }
            other => Self::Internal(format!("unforeseen JSON rejection: {other}")),
        }
    }
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::PayloadTooLarge;
        }
        Self::Invalid {
            field: None,
            message: "the body could not be read to its end".into(),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        let (field, problem) = field_problem::<serde_urlencoded::de::Error>(&rejection);
        Self::Invalid {
            message: format!("the query string does not fit: {problem}"),
            field,
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        let PathRejection::FailedToDeserializePathParams(failed) = &rejection else {
            return Self::Internal(format!("path parameters: {rejection}"));
        };
        if failed.status().is_server_error() {
            // The handler asks for parameters its route does not have.
            return Self::Internal(format!("path parameters: {rejection}"));
        }
        match failed.kind() {
            ErrorKind::InvalidUtf8InPathParam { key } => Self::invalid(
                key,
                format!("{key} is not valid UTF-8 once percent-decoded"),
            ),
            kind => Self::Invalid {
                field: None,
                message: format!("the path does not fit: {kind}"),
            },
        }
    }
}

/// serde_path_to_error's account of the failure, which axum kept: the field serde was reading
/// (when it knows one) and the problem in serde's words, without axum's preamble.
fn deserialization<E: Error + 'static>(
    rejection: &dyn Error,
) -> Option<&serde_path_to_error::Error<E>> {
    // The rejection wraps axum's error, which wraps serde_path_to_error's.
    rejection
        .source()
        .and_then(Error::source)
        .and_then(|inner| inner.downcast_ref::<serde_path_to_error::Error<E>>())
}

/// The field at fault and the problem, naming the field too ("cursor: invalid type: ...").
fn field_problem<E: Error + 'static>(rejection: &dyn Error) -> (Option<String>, String) {
    let Some(found) = deserialization::<E>(rejection) else {
        return (None, rejection.to_string());
    };
    let path = found.path().to_string();
    let field = (path != "." && !path.contains('?')).then_some(path);
    (field, found.to_string())
}

/// A field the request must have, trimmed; missing or blank is refused by its name.
pub fn required(field: &str, value: Option<String>) -> Result<String, AppError> {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| AppError::invalid(field, format!("{field} is required")))
}
