//! Reading a Server-Sent Events stream as the HTML standard defines it ("Interpreting an event
//! stream"), fed chunk by chunk as the bytes arrive.
//!
//! Written here rather than taken from a crate: `EventSource` cannot send the session token in a
//! header, so the widget reads the stream with `fetch`, and the crates that parse SSE bring
//! async runtimes or byte-stream traits the widget's bundle has no other use for.

use std::time::Duration;

/// A line longer than this is dropped: the server's events are small, and an unbounded line
/// would grow the buffer without end.
const MAX_LINE: usize = 256 * 1024;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseMessage {
    /// The `event` field; `message` when the server gave none.
    pub event: String,
    pub data: String,
    /// The last `id` the stream has set, which is what a reconnect resumes from.
    pub id: String,
}

#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    /// The last chunk ended on CR: a LF opening the next one ends no second line.
    after_cr: bool,
    /// Past the first line, where a byte-order mark may stand.
    started: bool,
    overlong: bool,
    data: String,
    event: String,
    last_id: String,
    retry: Option<Duration>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `bytes` and returns the events they completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<SseMessage> {
        let mut messages = Vec::new();
        for &byte in bytes {
            let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
            match byte {
                b'\n' if after_cr => {}
                b'\r' | b'\n' => {
                    let line = std::mem::take(&mut self.line);
                    // Only the stream's very first line may start with a byte-order mark.
                    let line = match std::mem::replace(&mut self.started, true) {
                        false => line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line),
                        true => &line[..],
                    };
                    if !std::mem::take(&mut self.overlong) {
                        messages.extend(self.line_ended(&String::from_utf8_lossy(line)));
                    }
                }
                _ if self.line.len() >= MAX_LINE => self.overlong = true,
                _ => self.line.push(byte),
            }
        }
        messages
    }

    /// The id a reconnect sends as `Last-Event-ID`; empty before the server set one.
    pub fn last_event_id(&self) -> &str {
        &self.last_id
    }

    /// How long the server asked clients to wait before reconnecting, if it did.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    fn line_ended(&mut self, line: &str) -> Option<SseMessage> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_owned(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseMessage> {
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        if data.is_empty() {
            return None;
        }
        data.pop();
        let event = if event.is_empty() {
            "message".to_owned()
        } else {
            event
        };
        Some(SseMessage {
            event,
            data,
            id: self.last_id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(event: &str, data: &str, id: &str) -> SseMessage {
        SseMessage {
            event: event.into(),
            data: data.into(),
            id: id.into(),
        }
    }

    #[test]
    fn reads_events_with_ids_names_and_multiline_data() {
        let mut parser = SseParser::new();
        let got = parser.feed(
            b"id: 7\nevent: consent\ndata: {\"a\":1}\n\n: keep-alive\n\ndata: one\ndata:two\n\n",
        );
        assert_eq!(
            got,
            vec![
                message("consent", "{\"a\":1}", "7"),
                message("message", "one\ntwo", "7")
            ]
        );
        assert_eq!(parser.last_event_id(), "7");
    }

    #[test]
    fn any_split_of_the_bytes_reads_the_same() {
        let stream = "\u{feff}retry: 1500\r\nid: 1\r\nevent: screening\r\ndata: pågår\r\n\r\nid: 2\rdata: x\r\rdata\n\n";
        let whole = SseParser::new().feed(stream.as_bytes());
        assert_eq!(
            whole,
            vec![
                message("screening", "pågår", "1"),
                message("message", "x", "2"),
                message("message", "", "2")
            ]
        );
        for split in 0..stream.len() {
            let mut parser = SseParser::new();
            let (head, tail) = stream.as_bytes().split_at(split);
            let mut got = parser.feed(head);
            got.extend(parser.feed(tail));
            assert_eq!(got, whole, "split at {split}");
            assert_eq!(parser.retry(), Some(Duration::from_millis(1500)));
        }
    }

    #[test]
    fn odd_fields_are_ignored_and_events_without_data_are_not_dispatched() {
        let mut parser = SseParser::new();
        let got = parser.feed(b"event: lonely\n\nretry: soon\nid: a\0b\nfoo: bar\ndata: kept\n\n");
        assert_eq!(got, vec![message("message", "kept", "")]);
        assert_eq!(parser.retry(), None);
    }

    #[test]
    fn an_overlong_line_is_dropped_and_the_stream_goes_on() {
        let mut parser = SseParser::new();
        let mut stream = b"data: ".to_vec();
        stream.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        stream.extend(b"\ndata: after\n\n");
        assert_eq!(parser.feed(&stream), vec![message("message", "after", "")]);
    }
}
