//! The reader: frames and decodes the client's messages on a thread of
//! its own (stdin is a blocking reader).
//!
//! tower-lsp-server's reader answers an undecodable message with an error
//! but cannot tell a bad body's id, and a framing error ends its stream;
//! its framed reader also keeps a buffer as big as the largest message ever
//! read, for the life of the session. Here frames are cut by [`frames`]
//! (a cap on a body's size, garbage skipped up to the next header), each
//! body gets a buffer of its own, and a message that
//! does not decode becomes a call to `notelint/invalidMessage`, which
//! answers with the JSON-RPC parse (-32700) or invalid-request (-32600)
//! error, under the message's id when it can be read. The session goes on.
//!
//! What a message is follows JSON-RPC 2.0 itself, not the library's
//! decoder: one with a `method` is a request (with an `id`) or a
//! notification, one without a `method` and with a `result` or an `error`
//! is a response, and anything else (neither, or both) is an invalid
//! request. The library's public `Request` and `Response` types then read
//! the fields.

use super::frames::{self, Piece};
use super::open_text::{self, OpenBody};
use serde::de::IgnoredAny;
use serde_json::{json, Value};
use std::io::{BufReader, Read};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Id, Request, Response};

/// A decoded message from the client.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
}

/// The stand-in for a message that cannot be decoded: a call to
/// `notelint/invalidMessage`, which answers with the error.
fn invalid(id: Value, code: i64, detail: String) -> Incoming {
    // Only integer and string ids are carried over (`0.0` or `1e400`
    // cannot be held by an `Id`); the answer then has id `null`, as
    // JSON-RPC says for an id that cannot be read.
    let id = match id {
        Value::Number(n) if n.is_i64() => Id::Number(n.as_i64().unwrap_or_default()),
        Value::String(s) => Id::String(s),
        _ => Id::Null,
    };
    Incoming::Request(
        Request::build("notelint/invalidMessage")
            .id(id)
            .params(json!({"code": code, "detail": detail}))
            .finish(),
    )
}

/// Whether a field is present at all (even as `null`).
#[derive(Default)]
struct Seen(bool);
impl<'de> serde::Deserialize<'de> for Seen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Seen, D::Error> {
        IgnoredAny::deserialize(d)?;
        Ok(Seen(true))
    }
}

/// The fields that say what a message is (see the module doc).
/// Parameters are skipped, not copied: a 50 MB `didOpen` is checked
/// without building its `Value`.
#[derive(serde::Deserialize)]
struct Probe<'a> {
    #[serde(borrow)]
    jsonrpc: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    method: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    result: Seen,
    #[serde(default)]
    error: Seen,
}

/// Decode one message body: a request or notification (it has a
/// `method`), a response (no `method`; a `result` or an `error`), or an
/// invalid request.
pub fn check(body: Vec<u8>) -> Incoming {
    match serde_json::from_slice::<Probe>(&body) {
        Ok(p)
            if p.jsonrpc == "2.0"
                && p.method.as_deref() == Some("textDocument/didOpen")
                && !p.result.0
                && !p.error.0 => {}
        probe => return decode(&body, probe),
    }
    match open_text::take(body) {
        OpenBody::Split(rest, text) => with_text(rest, text),
        OpenBody::Untouched(b) => decode(&b, serde_json::from_slice(&b)),
        OpenBody::Invalid => invalid(
            Value::Null,
            -32600,
            "not a request: the text is not a valid JSON string".into(),
        ),
    }
}

/// [`check`] without the `didOpen` path, given the body's [`Probe`].
fn decode(body: &[u8], probe: serde_json::Result<Probe<'_>>) -> Incoming {
    match probe {
        Ok(p) if p.jsonrpc == "2.0" => {
            let id = || serde_json::to_value(&p.id).unwrap_or(Value::Null);
            match (p.method.is_some(), p.result.0 || p.error.0) {
                (false, true) => match serde_json::from_slice::<Response>(body) {
                    Ok(r) => Incoming::Response(r),
                    Err(e) => invalid(id(), -32600, format!("not a response: {e}")),
                },
                (true, false) => match serde_json::from_slice::<Request>(body) {
                    Ok(r) => Incoming::Request(r),
                    Err(e) => invalid(id(), -32600, format!("not a request: {e}")),
                },
                (true, true) => invalid(
                    id(),
                    -32600,
                    "a message with a method is a request: it has no result or error".into(),
                ),
                (false, false) => invalid(
                    id(),
                    -32600,
                    "not a request (no method) nor a response (no result or error)".into(),
                ),
            }
        }
        _ => match serde_json::from_slice::<Value>(body) {
            Err(e) => invalid(Value::Null, -32700, format!("not JSON: {e}")),
            Ok(v) => {
                let id = v.get("id").cloned().unwrap_or(Value::Null);
                invalid(
                    id,
                    -32600,
                    "not a JSON-RPC 2.0 request, notification or response".into(),
                )
            }
        },
    }
}

/// A `didOpen` decoded from its message without the text (`""`), and the
/// text put in its place (see `open_text`).
fn with_text(rest: Vec<u8>, text: String) -> Incoming {
    match decode(&rest, serde_json::from_slice(&rest)) {
        Incoming::Request(r) if r.method() == "textDocument/didOpen" => {
            let (method, id, params) = r.into_parts();
            let mut params = params.unwrap_or(Value::Null);
            if let Some(t) = params
                .get_mut("textDocument")
                .and_then(|d| d.get_mut("text"))
            {
                *t = Value::String(text);
            }
            let b = Request::build(method).params(params);
            Incoming::Request(match id {
                Some(id) => b.id(id).finish(),
                None => b.finish(),
            })
        }
        other => other,
    }
}

/// Read and decode messages on a thread of their own (stdin is a
/// blocking reader); the channel ends with the input. Framing errors (see
/// [`frames`]) become `notelint/invalidMessage` calls like bad bodies.
pub fn spawn_reader<R: Read + Send + 'static>(input: R) -> mpsc::Receiver<Incoming> {
    let (tx, rx) = mpsc::channel::<Incoming>(16);
    std::thread::spawn(move || {
        let mut r = BufReader::with_capacity(1 << 16, input);
        frames::read_frames(&mut r, frames::MAX_FRAME, |piece| {
            let msg = match piece {
                Piece::Body(body) => check(body),
                Piece::Bad(code, detail) => invalid(Value::Null, code, detail),
            };
            tx.blocking_send(msg).is_ok()
        });
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid_code(m: &Incoming) -> Option<i64> {
        match m {
            Incoming::Request(r) if r.method() == "notelint/invalidMessage" => {
                r.params()?.get("code")?.as_i64()
            }
            _ => None,
        }
    }

    #[test]
    fn bad_bodies_become_invalid_message_calls() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[1]}}"#;
        match check(ok.to_vec()) {
            Incoming::Request(r) => {
                assert_eq!(r.method(), "x");
                assert_eq!(r.id(), Some(&Id::Number(1)));
                assert_eq!(r.params(), Some(&json!({"a": [1]})));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(invalid_code(&check(b"{nope".to_vec())), Some(-32700));
        for (body, code, id) in [
            (
                &br#"{"jsonrpc":"2.0","id":7,"method":5}"#[..],
                -32600,
                Id::Number(7),
            ),
            (
                br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
                -32600,
                Id::Number(7),
            ),
            (
                br#"{"jsonrpc":"2.0","id":7.5,"method":"x"}"#,
                -32600,
                Id::Null,
            ),
            (
                br#"{"jsonrpc":"2.0","id":0.0,"method":"x"}"#,
                -32600,
                Id::Null,
            ),
            (
                br#"{"jsonrpc":"2.0","id":"a","method":null}"#,
                -32600,
                Id::String("a".into()),
            ),
            (
                br#"{"jsonrpc":"2.0","id":1e400,"method":"x"}"#,
                -32700,
                Id::Null,
            ),
            (br#"[1,2]"#, -32600, Id::Null),
        ] {
            let m = check(body.to_vec());
            assert_eq!(
                invalid_code(&m),
                Some(code),
                "{}",
                String::from_utf8_lossy(body)
            );
            match m {
                Incoming::Request(r) => assert_eq!(r.id(), Some(&id)),
                other => panic!("{other:?}"),
            }
            // What we stop, tower-lsp would not decode either.
            let tl = serde_json::from_slice::<Request>(body);
            assert!(tl.is_err(), "{}", String::from_utf8_lossy(body));
        }
        // Responses (a null result and an error included) are responses.
        for body in [
            &br#"{"jsonrpc":"2.0","id":null,"result":1}"#[..],
            br#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            br#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"m"}}"#,
        ] {
            assert!(matches!(check(body.to_vec()), Incoming::Response(_)));
        }
        // A method makes a request or notification, extra fields or not.
        for body in [
            &br#"{"jsonrpc":"2.0","method":"x","params":null,"extra":1}"#[..],
            br#"{"jsonrpc":"2.0","id":"s","method":"x"}"#,
        ] {
            assert!(invalid_code(&check(body.to_vec())).is_none());
            assert!(matches!(check(body.to_vec()), Incoming::Request(_)));
        }
        // Neither a request nor a response, or both: invalid requests,
        // answered under their id.
        for (body, id) in [
            (&br#"{"jsonrpc":"2.0"}"#[..], Id::Null),
            (br#"{"jsonrpc":"2.0","id":4}"#, Id::Number(4)),
            (
                br#"{"jsonrpc":"2.0","id":5,"method":"x","result":1}"#,
                Id::Number(5),
            ),
            (
                br#"{"jsonrpc":"2.0","id":"e","method":"x","error":{"code":1,"message":"m"}}"#,
                Id::String("e".into()),
            ),
        ] {
            let m = check(body.to_vec());
            assert_eq!(
                invalid_code(&m),
                Some(-32600),
                "{}",
                String::from_utf8_lossy(body)
            );
            match m {
                Incoming::Request(r) => assert_eq!(r.id(), Some(&id)),
                other => panic!("{other:?}"),
            }
        }
    }
}
