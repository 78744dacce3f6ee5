//! The session's event stream as the widget reads it: whatever the server (or anything between)
//! sends, however the bytes are cut into chunks, the parser reads the same events, ids and retry
//! hint, and their data parse as session events or are refused.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use protocol::api::events::SessionEvent;
use protocol::sse::{SseMessage, SseParser};

#[derive(Debug, Arbitrary)]
struct Stream<'a> {
    /// Where the transport splits the bytes into chunks.
    cuts: Vec<u16>,
    bytes: &'a [u8],
}

fn read(
    chunks: impl IntoIterator<Item = impl AsRef<[u8]>>,
) -> (Vec<SseMessage>, String, Option<std::time::Duration>) {
    let mut parser = SseParser::new();
    let messages = chunks
        .into_iter()
        .flat_map(|chunk| parser.feed(chunk.as_ref()))
        .collect();
    (messages, parser.last_event_id().to_owned(), parser.retry())
}

fuzz_target!(|stream: Stream| {
    let whole = read([stream.bytes]);

    let mut cuts: Vec<usize> = stream
        .cuts
        .iter()
        .map(|&cut| usize::from(cut) % (stream.bytes.len() + 1))
        .collect();
    cuts.sort_unstable();
    let mut chunks = Vec::new();
    let mut start = 0;
    for cut in cuts {
        chunks.push(&stream.bytes[start..cut]);
        start = cut;
    }
    chunks.push(&stream.bytes[start..]);
    assert_eq!(read(chunks), whole);

    for message in &whole.0 {
        assert!(!message.event.is_empty());
        assert!(!message.id.contains('\0'));
        let _ = serde_json::from_str::<SessionEvent>(&message.data);
    }
});
