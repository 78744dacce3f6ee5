//! The bank's way back. Once the account holder has decided, the server's callback sends the
//! browser on with a one-time return code in the fragment (`#consent=...&return=...`): to the
//! widget's page, or, when the bank was shown in a popup, to `/bank-return`, which hands the
//! code to the widget that opened it. Only the session that made the consent can confirm it
//! (`ApiClient::confirm_consent`), so a bank link opened and approved in another browser shares
//! nothing with it.

use js_sys::{Object, Reflect};
use protocol::fragment::{fragment_value, CONSENT_KEY, RETURN_KEY};
use wasm_bindgen::{JsCast, JsValue};

use crate::address_bar;

/// What the popup posts to its opener.
const MESSAGE_TYPE: &str = "onboard:bank-return";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReturn {
    pub consent_id: String,
    pub code: String,
}

impl BankReturn {
    /// The return the bank's redirect brought in the address's fragment; nothing of it stays in
    /// the address bar.
    pub fn take_from_fragment() -> Option<Self> {
        let (code, rest) = address_bar::take_code(RETURN_KEY)?;
        address_bar::replace_fragment("");
        let consent_id = fragment_value(&rest, CONSENT_KEY)
            .and_then(|raw| js_sys::decode_uri_component(raw).ok())
            .map(String::from)
            .filter(|id| !id.is_empty())?;
        Some(Self { consent_id, code })
    }

    /// Hands the return to the window that opened this popup, if that window is the widget's
    /// (this origin): a page of any other origin gets nothing. Whether it was handed.
    pub fn hand_to_opener(&self) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let Some(opener) = window
            .opener()
            .ok()
            .filter(|opener| opener.is_object())
            .map(JsCast::unchecked_into::<web_sys::Window>)
        else {
            return false;
        };
        let Ok(origin) = window.location().origin() else {
            return false;
        };
        // A window of another origin does not let its location be read.
        if opener.location().origin().ok().as_ref() != Some(&origin) {
            return false;
        }
        opener.post_message(&self.to_message(), &origin).is_ok()
    }

    /// The return a popup posted, if `event` is one: from this origin, and from `popup` alone
    /// when it is known.
    pub fn from_message(event: &web_sys::MessageEvent, popup: Option<&JsValue>) -> Option<Self> {
        let origin = web_sys::window()?.location().origin().ok()?;
        let source = event.source().map(JsValue::from)?;
        if event.origin() != origin || popup.is_some_and(|popup| !Object::is(&source, popup)) {
            return None;
        }
        let data = event.data();
        let field = |name: &str| {
            Reflect::get(&data, &name.into())
                .ok()
                .and_then(|value| value.as_string())
                .filter(|value| !value.is_empty())
        };
        (field("type")? == MESSAGE_TYPE).then_some(())?;
        Some(Self {
            consent_id: field("consentId")?,
            code: field("code")?,
        })
    }

    fn to_message(&self) -> JsValue {
        let message = Object::new();
        for (name, value) in [
            ("type", MESSAGE_TYPE),
            ("consentId", &self.consent_id),
            ("code", &self.code),
        ] {
            let _ = Reflect::set(&message, &name.into(), &value.into());
        }
        message.into()
    }
}
