//! A side of the identity document, captured: on a phone "Take a photo" opens the rear camera
//! (`capture`) and "Choose a file" stays; each image shows before it is sent, with the way to
//! take it again; a photo larger than `SCAN_LONG_EDGE` is scaled down in the browser and sent
//! as a JPEG, so a 12-megapixel photo goes through well under the limit (PDFs go as they are);
//! a failed upload keeps the image for another try.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::onboarding::{scan_size, ScanView, MAX_SCAN_BYTES};
use protocol::ErrorCode;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::handoff::on_a_computer;
use crate::api::ApiClient;
use crate::i18n::{error_message, t, t_with, Text};

/// What will be sent: the image as prepared, its name, and its preview (none for a PDF).
#[derive(Clone)]
struct Prepared {
    blob: Blob,
    name: String,
    preview: Option<String>,
}

/// The browser's own decoder and encoder: no image library in the wasm.
async fn prepare(file: web_sys::File) -> Result<Prepared, &'static str> {
    let name = file.name();
    let kind = file.type_();
    if kind == "application/pdf" {
        return within_limit(Prepared {
            blob: file.into(),
            name,
            preview: None,
        });
    }
    let unreadable = || t(Text::ScanWrongType);
    let window = web_sys::window().ok_or_else(unreadable)?;
    let promise = window
        .create_image_bitmap_with_blob(&file)
        .map_err(|_| unreadable())?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| unreadable())?
        .unchecked_into();
    let resize = scan_size(bitmap.width(), bitmap.height());
    let sendable = matches!(kind.as_str(), "image/jpeg" | "image/png");
    let (blob, name) = match (resize, sendable) {
        (None, true) => (Blob::from(file), name),
        (size, _) => {
            let (width, height) = size.unwrap_or((bitmap.width(), bitmap.height()));
            let jpeg = as_jpeg(&bitmap, width, height)
                .await
                .ok_or_else(unreadable)?;
            let stem = name
                .rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem);
            (jpeg, format!("{stem}.jpg"))
        }
    };
    bitmap.close();
    let preview = web_sys::Url::create_object_url_with_blob(&blob).ok();
    within_limit(Prepared {
        blob,
        name,
        preview,
    })
}

/// `bitmap` drawn at `width` × `height` and encoded as a JPEG a document still reads well in.
async fn as_jpeg(bitmap: &web_sys::ImageBitmap, width: u32, height: u32) -> Option<Blob> {
    let canvas = web_sys::OffscreenCanvas::new(width, height).ok()?;
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.unchecked_into();
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type("image/jpeg");
    options.set_quality(0.85);
    let blob = JsFuture::from(canvas.convert_to_blob_with_options(&options).ok()?)
        .await
        .ok()?;
    Some(blob.unchecked_into())
}

fn within_limit(prepared: Prepared) -> Result<Prepared, &'static str> {
    if prepared.blob.size() > MAX_SCAN_BYTES as f64 {
        Err(error_message(ErrorCode::PayloadTooLarge))
    } else {
        Ok(prepared)
    }
}

/// One side: `id` is its "Choose a file" input's; `error` the rules' message for it.
#[component]
pub fn ScanCapture(
    #[prop(into)] id: String,
    label: Text,
    saved: Option<ScanView>,
    on_uploaded: Callback<ScanView>,
    error: Signal<Option<&'static str>>,
    /// While the image is being prepared or sent: Continue waits.
    busy: RwSignal<bool>,
) -> impl IntoView {
    // Stored, so that the closures below that send are `Copy`.
    let api = StoredValue::new_local(expect_context::<ApiClient>());
    let prepared = RwSignal::new_local(None::<Prepared>);
    let uploaded = RwSignal::new(saved);
    let failure = RwSignal::new(None::<&'static str>);
    // The share of the image sent, once its upload reports one (preparing it reports none).
    let sent = RwSignal::new(None::<f64>);
    on_cleanup(move || {
        if let Some(url) = prepared
            .try_with_untracked(|p| p.as_ref().and_then(|p| p.preview.clone()))
            .flatten()
        {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let send = move || {
        let Some(chosen) = prepared.get_untracked() else {
            return;
        };
        let api = api.get_value();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let progress = move |share: f64| {
                sent.try_set(Some(share));
            };
            match api.upload_scan(&chosen.blob, &chosen.name, progress).await {
                Ok(view) => {
                    uploaded.set(Some(view.clone()));
                    on_uploaded.run(view);
                }
                Err(refused) if refused.code() == ErrorCode::InvalidRequest => {
                    failure.set(Some(t(Text::ScanWrongType)))
                }
                Err(refused) => failure.set(Some(error_message(refused.code()))),
            }
            sent.try_set(None);
            busy.set(false);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match prepare(file).await {
                Ok(ready) => {
                    let replaced = prepared.try_update(|p| p.replace(ready)).flatten();
                    if let Some(url) = replaced.and_then(|old| old.preview) {
                        let _ = web_sys::Url::revoke_object_url(&url);
                    }
                    uploaded.set(None);
                    send();
                }
                Err(message) => {
                    failure.set(Some(message));
                    busy.set(false);
                }
            }
        });
    };
    let shown_error = Signal::derive(move || failure.get().or_else(|| error.get()));
    let (camera_id, hint_id, error_id) = (
        format!("{id}-camera"),
        format!("{id}-hint"),
        format!("{id}-error"),
    );
    let described = format!("{hint_id} {error_id}");
    let taken = move || prepared.with(Option::is_some) || uploaded.with(Option::is_some);
    view! {
        <div class="onboard-field onboard-capture" class:onboard-field--invalid=move || shown_error.get().is_some()>
            <span class="onboard-label">{t(label)}</span>
            <p class="onboard-hint" id=hint_id>{t(Text::DocumentScanHint)}</p>
            {move || prepared.with(|p| p.as_ref().and_then(|p| p.preview.clone())).map(|url| view! {
                <img class="onboard-capture__preview" src=url alt=t(Text::ScanPreview) data-testid="scan-preview"/>
            })}
            <Show when=move || busy.get()>
                <progress class="onboard-capture__progress" aria-label=t(Text::Uploading)
                    max="1" value=move || sent.get().map(|share| share.to_string())></progress>
            </Show>
            <p class="onboard-muted" aria-live="polite" data-testid="scan" data-scan-for=id.clone()>
                {move || if busy.get() {
                    t(Text::Uploading).to_owned()
                } else {
                    uploaded.get().map(|s| t_with(Text::UploadedFile, &[("file", &s.file_name), ("size", &s.size.div_ceil(1024))])).unwrap_or_default()
                }}
            </p>
            <Show when=move || failure.get().is_some() && prepared.with(Option::is_some)>
                <button type="button" class="onboard-link" data-testid="scan-retry" on:click=move |_| send()>
                    {t(Text::Retry)}
                </button>
            </Show>
            <div class="onboard-capture__actions">
                {(!on_a_computer()).then(|| view! {
                    <input id=camera_id.clone() type="file" accept="image/*" capture="environment"
                        class="onboard-visually-hidden" aria-describedby=described.clone() on:change=on_file/>
                    <label for=camera_id class="onboard-button">
                        {move || if taken() { t(Text::RetakePhoto) } else { t(Text::TakePhoto) }}
                    </label>
                })}
                <input id=id.clone() type="file" accept="image/jpeg,image/png,application/pdf"
                    class="onboard-visually-hidden" aria-describedby=described on:change=on_file/>
                <label for=id class="onboard-button onboard-button--secondary">
                    {move || if taken() { t(Text::ChooseAnotherFile) } else { t(Text::ChooseFile) }}
                </label>
            </div>
            <p class="onboard-error" id=error_id.clone() role="alert" data-testid=error_id>{move || shown_error.get()}</p>
        </div>
    }
}
