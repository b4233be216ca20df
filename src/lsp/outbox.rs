//! The output side of the transport: every frame for the client goes
//! through one ordered channel to one writer.
//!
//! tower-lsp turns each message it sends into a `serde_json::Value` before
//! writing it. For `publishDiagnostics` of a big document that tree is
//! several kilobytes per diagnostic (measured: 121 MB peak for the 28,000
//! findings of a 1 MB note, where the JSON text is 10 MB). So the lint
//! worker serialises its notifications straight to bytes, on the blocking
//! pool, and posts the frames here; tower-lsp's own output (responses,
//! requests, log messages) is split back into frames and posted here too.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp::lsp_types as lsp;

/// Where finished frames (header and body) go. Bounded, so a client that
/// stops reading slows the server down instead of growing its memory.
pub type Outbox = mpsc::Sender<Vec<u8>>;

pub fn channel() -> (Outbox, mpsc::Receiver<Vec<u8>>) {
    mpsc::channel(64)
}

/// The header of a frame whose body is `len` bytes, with room for the body.
pub fn header(len: usize) -> Vec<u8> {
    let mut f = Vec::with_capacity(len + 32);
    f.extend_from_slice(format!("Content-Length: {len}\r\n\r\n").as_bytes());
    f
}

/// A header line's `Content-Length`: `None` for another header, `Some(None)`
/// for a value that is not a length.
pub fn content_length(line: &str) -> Option<Option<usize>> {
    let (k, v) = line.split_once(':')?;
    k.trim()
        .eq_ignore_ascii_case("content-length")
        .then(|| v.trim().parse().ok())
}

/// A `textDocument/publishDiagnostics` notification as one frame;
/// `diagnostics` serialises as the list (a `Vec`, or converted lazily).
pub fn publish_diagnostics<D: serde::Serialize>(
    uri: &lsp::Url,
    diagnostics: D,
    version: Option<i32>,
) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Params<'a, D> {
        uri: &'a lsp::Url,
        diagnostics: D,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    notification(
        <lsp::notification::PublishDiagnostics as lsp::notification::Notification>::METHOD,
        &Params {
            uri,
            diagnostics,
            version,
        },
    )
}

/// A JSON-RPC notification as one frame, serialised without an
/// intermediate `Value`.
pub fn notification<P: serde::Serialize>(method: &str, params: &P) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Note<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    frame(&Note {
        jsonrpc: "2.0",
        method,
        params,
    })
}

/// A successful JSON-RPC response as one frame, serialised without an
/// intermediate `Value`.
pub fn response<R: serde::Serialize>(id: &tower_lsp::jsonrpc::Id, result: &R) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Answer<'a, R> {
        jsonrpc: &'static str,
        id: &'a tower_lsp::jsonrpc::Id,
        result: &'a R,
    }
    frame(&Answer {
        jsonrpc: "2.0",
        id,
        result,
    })
}

/// A successful response whose result is a JSON array of the given
/// elements (JSON text already), copied once into the frame.
pub fn raw_array_response(
    id: &tower_lsp::jsonrpc::Id,
    elements: &[std::sync::Arc<[u8]>],
) -> Vec<u8> {
    let id = serde_json::to_string(id).unwrap_or_else(|_| "null".into());
    let head = r#"{"jsonrpc":"2.0","id":"#;
    let array =
        2 + elements.iter().map(|e| e.len()).sum::<usize>() + elements.len().saturating_sub(1);
    let len = head.len() + id.len() + r#","result":"#.len() + array + 1;
    let mut f = header(len);
    f.extend_from_slice(head.as_bytes());
    f.extend_from_slice(id.as_bytes());
    f.extend_from_slice(br#","result":["#);
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            f.push(b',');
        }
        f.extend_from_slice(e);
    }
    f.extend_from_slice(b"]}");
    f
}

/// A message as one frame, in one allocation of the exact size: a first
/// pass only counts bytes (a big document's diagnostics or symbols are
/// megabytes of JSON; growing a buffer by doubling would hold up to twice
/// that).
fn frame<M: serde::Serialize>(msg: &M) -> Vec<u8> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Serialising our plain data types cannot fail; were it to, send a
    // well-formed error instead of a broken frame.
    if serde_json::to_writer(&mut count, msg).is_err() {
        let body = br#"{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":1,"message":"notelint: could not serialise a message"}}"#;
        let mut f = header(body.len());
        f.extend_from_slice(body);
        return f;
    }
    let mut f = header(count.0);
    let _ = serde_json::to_writer(&mut f, msg);
    f
}

/// Split tower-lsp's output stream back into frames and post them; ends
/// (posting an empty frame as the end mark) when the stream closes.
pub async fn split_frames<R: AsyncRead + Unpin>(input: R, out: Outbox) {
    let mut r = BufReader::new(input);
    loop {
        let mut head = Vec::new();
        let mut len = None;
        loop {
            let mut line = Vec::new();
            match r.read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => {
                    let _ = out.send(Vec::new()).await;
                    return;
                }
                Ok(_) => {}
            }
            head.extend_from_slice(&line);
            let text = String::from_utf8_lossy(&line);
            let t = text.trim();
            if t.is_empty() {
                break;
            }
            if let Some(n) = content_length(t) {
                len = n;
            }
        }
        let mut body = vec![0; len.unwrap_or(0)];
        if r.read_exact(&mut body).await.is_err() {
            let _ = out.send(Vec::new()).await;
            return;
        }
        head.extend_from_slice(&body);
        if out.send(head).await.is_err() {
            return;
        }
    }
}

/// Write frames in the order they were posted until the end mark.
pub async fn write_frames<W: AsyncWrite + Unpin>(mut rx: mpsc::Receiver<Vec<u8>>, mut output: W) {
    while let Some(f) = rx.recv().await {
        if f.is_empty() {
            break;
        }
        if output.write_all(&f).await.is_err() {
            break;
        }
        // Flush when nothing else is waiting, so a burst is one syscall
        // but a lone message is never held back.
        if rx.is_empty() && output.flush().await.is_err() {
            break;
        }
    }
    let _ = output.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_pass_through_whole_and_in_order() {
        let (tx, rx) = channel();
        let (mut w, r) = tokio::io::duplex(8);
        let stream =
            b"Content-Length: 2\r\n\r\n{}Content-Length: 5\r\nContent-Type: x\r\n\r\n[1,2]"
                .to_vec();
        let writer = tokio::spawn(async move {
            w.write_all(&stream).await.unwrap();
        });
        let mut got = Vec::new();
        let split = split_frames(r, tx.clone());
        let mut out = Vec::new();
        tokio::join!(split, write_frames(rx, &mut out), async {
            writer.await.unwrap();
        });
        got.extend(out);
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "Content-Length: 2\r\n\r\n{}Content-Length: 5\r\nContent-Type: x\r\n\r\n[1,2]"
        );
        let n = notification("m", &serde_json::json!({"a": 1}));
        let n = String::from_utf8(n).unwrap();
        let body = r#"{"jsonrpc":"2.0","method":"m","params":{"a":1}}"#;
        assert_eq!(n, format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }
}
