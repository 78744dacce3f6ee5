//! Showing money, shares, dates and account numbers. Money stays integer minor units until the
//! browser's `Intl` formats its exact decimal string.

use std::cell::RefCell;
use std::collections::HashMap;

use protocol::Money;
use wasm_bindgen::JsValue;

thread_local! {
    /// `Intl`'s formatters by what they were made for: making one (its locale's data looked up)
    /// costs far more than using it, and a list of operations formats dozens of values.
    static FORMATTERS: RefCell<HashMap<String, js_sys::Function>> = RefCell::default();
}

/// The `format` function of the formatter `key` names, made by `make` the first time.
fn formatter(key: String, make: impl FnOnce() -> js_sys::Function) -> js_sys::Function {
    FORMATTERS.with_borrow_mut(|made| made.entry(key).or_insert_with(make).clone())
}

/// `options` as the object `Intl` takes.
pub(crate) fn settings(options: &[(&str, JsValue)]) -> js_sys::Object {
    let settings = js_sys::Object::new();
    for (name, setting) in options {
        let _ = js_sys::Reflect::set(&settings, &(*name).into(), setting);
    }
    settings
}

/// `value` laid out by `Intl.NumberFormat` in `locale` with `options`, which `kind` names (a
/// currency's code, `percent`).
fn number(
    value: &JsValue,
    kind: &str,
    locale: &str,
    options: &[(&str, JsValue)],
) -> Option<String> {
    let format = formatter(format!("number {kind} {locale}"), || {
        let locales = js_sys::Array::of1(&locale.into());
        js_sys::Intl::NumberFormat::new(&locales, &settings(options)).format()
    });
    format.call1(&JsValue::NULL, value).ok()?.as_string()
}

/// `Money` in the page's language, e.g. "1 234,50 kr" or "SEK 1,234.50".
pub fn money(amount: &Money, locale: &str) -> String {
    // A decimal string keeps every digit; Intl parses it as a number only to lay it out.
    let decimal = JsValue::from_str(&amount.to_decimal());
    let options = [
        ("style", "currency".into()),
        ("currency", amount.currency.as_str().into()),
    ];
    number(&decimal, amount.currency.as_str(), locale, &options)
        .unwrap_or_else(|| format!("{} {}", amount.to_decimal(), amount.currency))
}

/// A share given in hundredths of a percent, in the page's language: "25,5 %", "25.5%".
pub fn percent(basis_points: u32, locale: &str) -> String {
    let share = JsValue::from_f64(f64::from(basis_points) / 10_000.0);
    let options = [
        ("style", "percent".into()),
        ("maximumFractionDigits", 2.into()),
    ];
    number(&share, "percent", locale, &options)
        .unwrap_or_else(|| format!("{}.{:02} %", basis_points / 100, basis_points % 100))
}

/// A `YYYY-MM-DD` day in the page's language, e.g. "23 Nov 2026"; as given if it is no date.
/// Formatted in UTC, the zone the day is parsed in, so it never shifts by one.
pub fn day(day: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(day));
    let valid = day.len() == 10 && !date.get_time().is_nan();
    if !valid {
        return day.to_owned();
    }
    let format = formatter(format!("day {locale}"), || {
        let options = settings(&[("dateStyle", "medium".into()), ("timeZone", "UTC".into())]);
        let locales = js_sys::Array::of1(&locale.into());
        js_sys::Intl::DateTimeFormat::new(&locales, &options).format()
    });
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| day.to_owned())
}
