//! The bank in a popup when the widget is framed: banks refuse to be framed. The popup is
//! opened at the user's click, before the consent exists (a window opened after an `await` is
//! no longer the user's doing, and popup blockers stop it), and sent to the bank once the
//! consent is made. The widget polls the consent meanwhile; the bank's redirect back lands on
//! `/bank-return`, which hands the return code to the widget (see `bank_return`) and closes.

use leptos::prelude::*;
use leptos_use::{use_event_listener, use_interval_fn};
use wasm_bindgen::JsValue;

use crate::bank_return::BankReturn;
use crate::i18n::{t, Text};
use crate::screens::BankReturnedElsewhere;

const POPUP_NAME: &str = "onboard-bank";
const POPUP_FEATURES: &str = "popup,width=480,height=720";

/// The bank's window, shared by the permissions step (which opens it) and the consent screen
/// (which offers it again and closes it).
#[derive(Clone, Copy)]
pub struct BankPopup {
    window: StoredValue<Option<web_sys::Window>, LocalStorage>,
    /// The bank's link while the user is away at the bank.
    link: RwSignal<Option<String>>,
    blocked: RwSignal<bool>,
    /// The bank's return has come back from the window, which then closes itself.
    returned: RwSignal<bool>,
    /// The window was closed with no return: the user left the bank without deciding.
    closed: RwSignal<bool>,
}

impl BankPopup {
    pub fn new() -> Self {
        Self {
            window: StoredValue::new_local(None),
            link: RwSignal::new(None),
            blocked: RwSignal::new(false),
            returned: RwSignal::new(false),
            closed: RwSignal::new(false),
        }
    }

    /// At the click: an empty window to send to the bank in a moment.
    pub fn prepare(self) {
        let opened = web_sys::window()
            .and_then(|window| {
                window
                    .open_with_url_and_target_and_features("", POPUP_NAME, POPUP_FEATURES)
                    .ok()
            })
            .flatten();
        self.blocked.set(opened.is_none());
        self.window.set_value(opened);
    }

    /// Sends the prepared window to the bank; when there is none (blocked), the consent screen
    /// offers a link instead.
    pub fn send(self, href: &str) {
        self.link.set(Some(href.to_owned()));
        self.returned.set(false);
        self.closed.set(false);
        let sent = self.window.with_value(|window| {
            window
                .as_ref()
                .is_some_and(|window| window.location().set_href(href).is_ok())
        });
        self.blocked.set(!sent);
    }

    /// Brings the bank's window to the front, or opens it again if the user closed it.
    fn show(self) {
        let open = self.window.with_value(|window| {
            window
                .as_ref()
                .filter(|w| !w.closed().unwrap_or(true))
                .cloned()
        });
        match open {
            Some(window) => {
                let _ = window.focus();
            }
            None => {
                if let Some(href) = self.link.get_untracked() {
                    self.prepare();
                    self.send(&href);
                }
            }
        }
    }

    /// Whether the bank's window is there no more, its return not handed over.
    fn closed_without_return(self) -> bool {
        let closed = self.window.with_value(|window| {
            window
                .as_ref()
                .is_some_and(|window| window.closed().unwrap_or(false))
        });
        closed && !self.returned.get_untracked()
    }

    /// The consent is decided: the bank's window has nothing more to show.
    pub fn close(self) {
        self.window.with_value(|window| {
            if let Some(window) = window {
                let _ = window.close();
            }
        });
        self.window.set_value(None);
        self.link.set(None);
    }
}

impl Default for BankPopup {
    fn default() -> Self {
        Self::new()
    }
}

/// How often the bank's window is looked at, and how many looks in a row it must be closed:
/// the bank's return closes it too, and the consent's news may take a moment after that.
const CLOSED_CHECK_MS: u64 = 1000;
const CLOSED_CHECKS: u8 = 2;

/// Notices, within a few seconds, that the user closed the bank's window without deciding.
fn use_closed_watch(popup: BankPopup) {
    let seen = StoredValue::new(0u8);
    use_interval_fn(
        move || {
            let closed = popup.closed_without_return();
            seen.update_value(|seen| *seen = if closed { seen.saturating_add(1) } else { 0 });
            if seen.get_value() >= CLOSED_CHECKS && !popup.closed.get_untracked() {
                popup.closed.set(true);
            }
        },
        CLOSED_CHECK_MS,
    );
}

/// While the bank's window is open: where the user should look, and a way back to it; once it
/// was closed without deciding, another try at this bank (`on_again`) or another bank.
#[component]
pub fn BankPopupNotice(on_again: Callback<()>, on_other_bank: Callback<()>) -> impl IntoView {
    let popup = expect_context::<BankPopup>();
    use_closed_watch(popup);
    move || {
        popup.link.get().map(|href| {
            if popup.closed.get() {
                view! {
                    <div class="onboard-notice" data-testid="bank-popup" data-popup="closed" role="alert">
                        <h3 class="onboard-subheading">{t(Text::BankPopupClosedHeading)}</h3>
                        <p>{t(Text::BankPopupClosed)}</p>
                        <button type="button" class="onboard-button" id="bank-popup-again"
                            on:click=move |_| on_again.run(())>{t(Text::Retry)}</button>
                        <button type="button" class="onboard-link"
                            on:click=move |_| on_other_bank.run(())>{t(Text::ChooseAnotherBank)}</button>
                    </div>
                }
                .into_any()
            } else if popup.blocked.get() {
                view! {
                    <div class="onboard-notice" data-testid="bank-popup" data-popup="blocked">
                        <h3 class="onboard-subheading">{t(Text::BankPopupHeading)}</h3>
                        <p>{t(Text::BankPopupBlocked)}</p>
                        // `opener`: the bank's return hands its code back to this window.
                        <a class="onboard-button" href=href target="_blank" rel="opener">{t(Text::OpenBank)}</a>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="onboard-notice" data-testid="bank-popup" data-popup="open">
                        <h3 class="onboard-subheading">{t(Text::BankPopupHeading)}</h3>
                        <p>{t(Text::BankPopupBody)}</p>
                        <button type="button" class="onboard-link" on:click=move |_| popup.show()>
                            {t(Text::BankPopupFocus)}
                        </button>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// Calls `on_return` with each return the bank's window hands over: posted from this origin
/// and, when the widget holds the window it opened, from that window (a blocked popup's link
/// opens one the widget never held).
pub fn use_popup_returns(on_return: impl Fn(BankReturn) + 'static) {
    let popup = expect_context::<BankPopup>();
    let Some(window) = web_sys::window() else {
        return;
    };
    let _ = use_event_listener(
        window,
        leptos::ev::message,
        move |event: web_sys::MessageEvent| {
            let opened = popup
                .window
                .try_with_value(|window| window.clone().map(JsValue::from))
                .flatten();
            if let Some(returned) = BankReturn::from_message(&event, opened.as_ref()) {
                popup.returned.set(true);
                on_return(returned);
            }
        },
    );
}

/// `/bank-return`: the popup after the bank's redirect back. It hands the return code to the
/// widget that opened it and closes, saying so if the browser will not close it. A window with
/// no widget behind it (the bank's link opened in another browser) spends the code instead.
#[component]
pub fn PopupReturn() -> impl IntoView {
    if let Some(returned) = BankReturn::take_from_fragment().filter(|r| !r.hand_to_opener()) {
        return view! { <BankReturnedElsewhere returned/> }.into_any();
    }
    if let Some(window) = web_sys::window() {
        let _ = window.close();
    }
    view! {
        <section class="onboard-card" data-testid="bank-return">
            <p>{t(Text::BankWindowDone)}</p>
        </section>
    }
    .into_any()
}
