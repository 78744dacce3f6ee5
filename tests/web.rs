//! Browser tests of the widget's parts: `cargo test --target wasm32-unknown-unknown --test web`
//! (needs wasm-bindgen-test-runner from `cargo xtask setup`, and CHROMEDRIVER).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::prelude::*;
use onboard_widget::application;
use onboard_widget::bank_return::BankReturn;
use onboard_widget::outcome::OutcomeScreen;
use onboard_widget::perf::INTERACTIVE_MARK;
use onboard_widget::screens::SessionExpired;
use onboard_widget::session::token::{self, SessionStart};
use onboard_widget::storage::{self, Key};
use protocol::onboarding::Step;
use protocol::ApplicationStatus;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// Puts `fragment` in the address bar without a navigation.
fn set_fragment(fragment: &str) {
    let location = window().location();
    let url = format!(
        "{}{}{fragment}",
        location.pathname().unwrap(),
        location.search().unwrap()
    );
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&url))
        .unwrap();
}

fn storage() -> web_sys::Storage {
    window().session_storage().unwrap().unwrap()
}

/// What a test finds in the tab's storage under `key`, read as the browser has it.
fn kept(key: Key) -> Option<String> {
    storage().get_item(&key.name().unwrap()).unwrap()
}

#[wasm_bindgen_test]
fn the_fragment_code_is_taken_scrubbed_and_kept_until_claimed() {
    storage::forget_all();
    set_fragment("#token=abc&x=1");

    assert_eq!(token::load(), Some(SessionStart::Claim("abc".into())));

    let hash = window().location().hash().unwrap();
    assert!(
        !hash.contains("token"),
        "the code must leave the address bar: {hash}"
    );
    assert_eq!(hash, "#x=1", "the other fragment pairs stay");
    assert_eq!(kept(Key::Claim).as_deref(), Some("abc"));
    // A reload before the claim answered claims again; after it, carries on with the credential.
    assert_eq!(token::load(), Some(SessionStart::Claim("abc".into())));
    token::claimed("credential");
    assert_eq!(
        token::load(),
        Some(SessionStart::Resume("credential".into()))
    );
    set_fragment("");
}

#[wasm_bindgen_test]
fn the_fragment_code_is_percent_decoded_and_replaces_the_stored_session() {
    storage::set(Key::Claim, "older");
    storage::set(Key::Credential, "older-credential");
    set_fragment("#token=a%2Bb%3D%3D");
    assert_eq!(token::load(), Some(SessionStart::Claim("a+b==".into())));
    assert_eq!(kept(Key::Claim).as_deref(), Some("a+b=="));
    assert_eq!(
        kept(Key::Credential),
        None,
        "the older session's credential goes"
    );

    // A malformed escape is no code, but is scrubbed all the same.
    storage::forget_all();
    set_fragment("#token=%E0%A4%A");
    assert_eq!(token::load(), None);
    assert_eq!(window().location().hash().unwrap(), "");
}

/// What the widget keeps in the tab is its application's: another application finds none of
/// it, and a new link's code drops it all; the same code handed over again (the partner's
/// page reloaded) carries on with the session this tab claimed, without a second claim.
#[wasm_bindgen_test]
fn what_is_kept_belongs_to_its_application_and_goes_with_a_new_code() {
    storage::forget_all();
    storage::set(Key::Claim, "first-code");
    storage::set(Key::Credential, "first-credential");
    application::open("first");
    storage::set(Key::Draft(Step::PersonalDetails), "Tolvan");
    assert_eq!(
        storage::get(Key::Draft(Step::PersonalDetails)).as_deref(),
        Some("Tolvan")
    );
    application::open("second");
    assert_eq!(storage::get(Key::Draft(Step::PersonalDetails)), None);

    application::open("first");
    assert_eq!(
        token::start_with("first-code".into()),
        SessionStart::Resume("first-credential".into())
    );
    assert_eq!(
        storage::get(Key::Draft(Step::PersonalDetails)).as_deref(),
        Some("Tolvan"),
        "the same code again carries on"
    );
    set_fragment("#token=second-code");
    assert_eq!(
        token::load(),
        Some(SessionStart::Claim("second-code".into()))
    );
    assert_eq!(storage::get(Key::Draft(Step::PersonalDetails)), None);
    let length = storage().length().unwrap();
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage().key(i).unwrap())
        .collect();
    assert_eq!(
        keys,
        [Key::Claim.name().unwrap()],
        "only the new code is kept"
    );
}

/// The bank's return code leaves the address bar at once, with the consent it names.
#[wasm_bindgen_test]
fn a_bank_return_is_taken_from_the_fragment_and_scrubbed() {
    set_fragment("#consent=c%2F1&return=r-1");
    assert_eq!(
        BankReturn::take_from_fragment(),
        Some(BankReturn {
            consent_id: "c/1".into(),
            code: "r-1".into()
        })
    );
    assert_eq!(window().location().hash().unwrap(), "");
    set_fragment("#return=r-2");
    assert_eq!(
        BankReturn::take_from_fragment(),
        None,
        "no consent, no return"
    );
    assert_eq!(window().location().hash().unwrap(), "");
}

/// The English texts, which the screens wait for as they do for any language's (a split point
/// is a plain call here).
async fn in_english() {
    onboard_widget::i18n::load(onboard_widget::i18n::Locale::En).await;
}

/// A fresh element in the document to mount into.
fn host() -> HtmlElement {
    let document = window().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn find(host: &HtmlElement, selector: &str) -> Option<Element> {
    host.query_selector(selector).unwrap()
}

#[wasm_bindgen_test]
async fn the_expired_screen_links_back_to_the_partner() {
    in_english().await;
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), || {
        view! { <SessionExpired redirect_url="https://partner.example/again".to_owned()/> }
    });
    let screen = find(&host, "[data-testid=session-expired]").expect("the expired screen");
    assert!(screen.text_content().unwrap().contains("expired"));
    assert!(find(&host, "h1").is_some());
    let link = find(&host, "a[data-testid=partner-link]").expect("a way back");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://partner.example/again")
    );
}

#[wasm_bindgen_test]
fn the_expired_screen_never_links_to_script() {
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), || {
        view! { <SessionExpired redirect_url="javascript:alert(1)".to_owned()/> }
    });
    assert!(find(&host, "[data-testid=session-expired]").is_some());
    assert!(find(&host, "a").is_none());
}

#[wasm_bindgen_test]
async fn the_outcome_screen_has_its_hooks_and_marks_interactive_once() {
    in_english().await;
    let host = host();
    let _mounted = leptos::mount::mount_to(host.clone(), || {
        view! {
            <OutcomeScreen
                status=ApplicationStatus::ManuallyDeclined
                redirect_url="https://partner.example/done".to_owned()
            />
            <OutcomeScreen
                status=ApplicationStatus::Cancelled
                redirect_url="https://partner.example/done".to_owned()
            />
        }
    });
    let outcome = find(&host, "[data-testid=outcome]").expect("the outcome screen");
    assert_eq!(
        outcome.get_attribute("data-outcome").as_deref(),
        Some("declined")
    );
    let status = find(&host, "[data-testid=status]").expect("the status element");
    assert_eq!(
        status.get_attribute("data-status").as_deref(),
        Some("MANUALLY_DECLINED")
    );
    let stopped = find(&host, "[data-outcome=stopped]").expect("the stopped outcome");
    assert!(stopped.text_content().unwrap().contains("start again"));

    // Effects run after rendering, on the next turn of the event loop.
    gloo_timers::future::sleep(Duration::from_millis(20)).await;
    let performance = window().performance().unwrap();
    assert_eq!(
        performance.get_entries_by_name(INTERACTIVE_MARK).length(),
        1
    );
}

fn bank(id: &str, name: &str) -> protocol::api::banking::Bank {
    use protocol::api::banking::{Bank, TransactionDelivery, TransactionFilter};
    Bank {
        id: id.into(),
        name: name.into(),
        country: "SE".into(),
        logo_url: "/logo.svg".into(),
        transaction_filter: TransactionFilter::Date,
        transaction_delivery: TransactionDelivery::Paginated,
        supports_owner_name: true,
    }
}

/// The bank step's progress survives a reload and the trip to the bank: it round-trips through
/// sessionStorage with what the user chose, and leaving the step clears it.
#[wasm_bindgen_test]
fn bank_progress_round_trips_through_session_storage() {
    use onboard_widget::bank::format::money;
    use onboard_widget::bank::progress::{self, BankProgress, Choices};
    use protocol::Money;

    let choices = Choices {
        balances: false,
        date_from: "2026-01-01".into(),
        ..Choices::default()
    };
    let at_bank = BankProgress::Consent {
        bank: bank("20101", "Sparbanken Skåne"),
        choices,
        consent_id: "c-1".into(),
    };
    application::open("bank-progress");
    progress::save(Some(&at_bank));
    assert_eq!(progress::load(), Some(at_bank));
    progress::save(None);
    assert_eq!(progress::load(), None);

    // Money is formatted by the browser's Intl from the exact decimal, never a float sum.
    let amount = Money {
        minor: -12_345_678_901_234_567,
        exponent: 2,
        currency: "SEK".into(),
    };
    let shown = money(&amount, "en-US");
    assert!(
        shown.contains("SEK") && shown.contains("123,456,789,012,345.67"),
        "{shown}"
    );
    // Days are laid out by Intl too, in UTC so that they do not shift.
    assert_eq!(
        onboard_widget::bank::format::day("2026-01-05", "en-US"),
        "Jan 5, 2026"
    );
    assert_eq!(onboard_widget::bank::format::day("soon", "en-US"), "soon");
}

/// Types `value` into the input at `selector`, as a user would.
fn type_into(host: &HtmlElement, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = find(host, selector).unwrap().unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn bank_ids(host: &HtmlElement) -> Vec<String> {
    let buttons = host.query_selector_all("[data-testid=bank]").unwrap();
    (0..buttons.length())
        .map(|i| {
            buttons
                .item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("data-bank-id")
                .unwrap()
        })
        .collect()
}

/// The picker filters the country's list as the user types, ignoring case and accents, and
/// saves the search so that a reload finds it. The list is already known: nothing is fetched.
#[wasm_bindgen_test]
async fn the_bank_picker_filters_as_the_user_types_and_saves_the_search() {
    use onboard_widget::api::ApiClient;
    use onboard_widget::bank::picker::{BankLists, BankPicker};
    use onboard_widget::bank::progress::{self, BankProgress};
    use onboard_widget::components::LiveRegion;

    in_english().await;
    let host = host();
    application::open("bank-picker");
    let _mounted = leptos::mount::mount_to(host.clone(), || {
        provide_context(ApiClient::resume("t".into()));
        let lists = BankLists::new();
        lists.put(
            "SE".into(),
            vec![
                bank("1", "Sparbanken Skåne"),
                bank("2", "Nordea"),
                bank("3", "Länsförsäkringar"),
            ],
        );
        provide_context(lists);
        view! {
            <LiveRegion/>
            <BankPicker country="SE".to_owned() query=String::new() on_pick=Callback::new(|_| ()) on_cancel=Callback::new(|()| ())/>
        }
    });
    let settle = || gloo_timers::future::sleep(Duration::from_millis(30));
    settle().await;
    assert_eq!(bank_ids(&host), ["1", "2", "3"]);
    let logo = find(&host, "[data-bank-id='2'] img").unwrap();
    assert_eq!(logo.get_attribute("alt").as_deref(), Some("Nordea"));
    assert_eq!(logo.get_attribute("loading").as_deref(), Some("lazy"));

    type_into(&host, "#bank-search", "SKANE");
    settle().await;
    assert_eq!(bank_ids(&host), ["1"]);
    assert_eq!(
        progress::load(),
        Some(BankProgress::Picking {
            country: "SE".into(),
            query: "SKANE".into()
        })
    );

    type_into(&host, "#bank-search", "zzz");
    settle().await;
    assert!(bank_ids(&host).is_empty());
    assert!(host.text_content().unwrap().contains("No bank matches"));
    progress::save(None);
}

/// Every choice on the permissions screen is saved as it is made; the date window shows only
/// with transactions, and the owner's name only for banks that can give it.
#[wasm_bindgen_test]
async fn permission_choices_are_saved_as_they_are_made() {
    use onboard_widget::api::ApiClient;
    use onboard_widget::bank::permissions::Permissions;
    use onboard_widget::bank::progress::{self, BankProgress, Choices};
    use onboard_widget::components::LiveRegion;
    use onboard_widget::embed::popup::BankPopup;

    let host = host();
    let chosen = Choices {
        date_to: "2026-03-31".into(),
        ..Choices::default()
    };
    application::open("bank-permissions");
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(ApiClient::resume("t".into()));
        provide_context(BankPopup::new());
        view! {
            <LiveRegion/>
            <Permissions bank=bank("20101", "Sparbanken Skåne") choices=chosen.clone()
                on_created=Callback::new(|_| ()) on_back=Callback::new(|()| ())/>
        }
    });
    let settle = || gloo_timers::future::sleep(Duration::from_millis(30));
    settle().await;
    let date_to: web_sys::HtmlInputElement = find(&host, "#date-to")
        .expect("the window")
        .unchecked_into();
    assert_eq!(
        date_to.value(),
        "2026-03-31",
        "a reload restores the chosen window"
    );
    assert!(find(&host, "#permission-owner").is_some());
    assert!(find(&host, "#consent-continue").is_some());

    let transactions: HtmlElement = find(&host, "#permission-transactions")
        .unwrap()
        .unchecked_into();
    transactions.click();
    settle().await;
    assert!(
        find(&host, "#date-from").is_none(),
        "no window without transactions"
    );
    let Some(BankProgress::Permissions { bank, choices }) = progress::load() else {
        panic!("not saved")
    };
    assert_eq!(bank.id, "20101");
    assert_eq!(
        choices,
        Choices {
            transactions: false,
            date_to: "2026-03-31".into(),
            ..Choices::default()
        }
    );
    progress::save(None);
}

/// With the event stream open, polls are 10 s and more apart; but after a failed poll the loop
/// retries on its normal schedule, because no event will tell it that the API is back.
#[wasm_bindgen_test]
async fn a_failed_poll_is_retried_soon_even_while_the_stream_is_open() {
    use std::{cell::Cell, rc::Rc};

    use onboard_widget::api::ApiFailure;
    use onboard_widget::hooks::polling::{use_polling, Push, UsePollingOptions};
    use protocol::backoff::PollSchedule;

    let calls = Rc::new(Cell::new(0u32));
    let counted = calls.clone();
    let value = Rc::new(Cell::new(None::<Signal<Option<u32>>>));
    let seen = value.clone();
    let _mounted = leptos::mount::mount_to(host(), move || {
        let options = UsePollingOptions {
            schedule: PollSchedule {
                initial: Duration::from_millis(50),
                max: Duration::from_millis(200),
            },
            push: Some(Push {
                connected: Signal::stored(true),
                changes: Signal::stored(0),
            }),
        };
        let fetch = move || {
            counted.set(counted.get() + 1);
            let first = counted.get() == 1;
            async move {
                match first {
                    true => Err(ApiFailure::Unavailable { retry_after: None }),
                    false => Ok(1u32),
                }
            }
        };
        seen.set(Some(use_polling(fetch, |_| true, options).value));
    });
    let value = value.get().unwrap();
    // Far below the stream's 10 s floor, far above the normal schedule's 200 ms ceiling.
    for _ in 0..60 {
        if value.get_untracked() == Some(1) {
            break;
        }
        gloo_timers::future::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        value.get_untracked(),
        Some(1),
        "the failed poll was not retried within 3 s"
    );
    assert_eq!(calls.get(), 2);
}
