//! The output side of the transport: every frame for the client goes
//! through one ordered channel to one writer.
//!
//! tower-lsp turns each message it sends into a `serde_json::Value` before
//! writing it. For `publishDiagnostics` of a big document that tree is
//! several kilobytes per diagnostic (measured: 121 MB peak for the 28,000
//! findings of a 1 MB note, where the JSON text is 10 MB). So the lint
//! worker serialises its notifications straight to bytes, on the blocking
//! pool, and posts the frames here; so do the transport, for the service's
//! answers, and the client socket, for requests and log messages.

use std::sync::Arc;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp::lsp_types as lsp;

/// A finished message for the client (header and body).
pub enum Frame {
    /// The whole frame in one buffer. Empty: the end mark.
    Bytes(Vec<u8>),
    /// A head, elements joined by commas, and a tail: an array answer made
    /// of pieces the server keeps (outline entries), written piece by piece
    /// instead of being copied into one buffer of the answer's size.
    Array {
        head: Vec<u8>,
        elements: Vec<Arc<[u8]>>,
        tail: &'static [u8],
    },
}

impl From<Vec<u8>> for Frame {
    fn from(b: Vec<u8>) -> Frame {
        Frame::Bytes(b)
    }
}

impl Frame {
    /// The frame as one buffer.
    #[cfg(test)]
    pub fn to_vec(&self) -> Vec<u8> {
        match self {
            Frame::Bytes(b) => b.clone(),
            Frame::Array {
                head,
                elements,
                tail,
            } => {
                let mut v = head.clone();
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        v.push(b',');
                    }
                    v.extend_from_slice(e);
                }
                v.extend_from_slice(tail);
                v
            }
        }
    }
}

/// Where finished frames go. Bounded, so a client that stops reading slows
/// the server down instead of growing its memory.
pub type Outbox = mpsc::Sender<Frame>;

pub fn channel() -> (Outbox, mpsc::Receiver<Frame>) {
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
    message(&Note {
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
    message(&Answer {
        jsonrpc: "2.0",
        id,
        result,
    })
}

/// A successful response whose result is a JSON array of the given
/// elements (JSON text already), which are written as they are.
pub fn raw_array_response(id: &tower_lsp::jsonrpc::Id, elements: Vec<Arc<[u8]>>) -> Frame {
    let id = serde_json::to_string(id).unwrap_or_else(|_| "null".into());
    let head = r#"{"jsonrpc":"2.0","id":"#;
    let array =
        2 + elements.iter().map(|e| e.len()).sum::<usize>() + elements.len().saturating_sub(1);
    let len = head.len() + id.len() + r#","result":"#.len() + array + 1;
    // Only the header and the head go in this buffer (not `header`, which
    // makes room for the whole body).
    let mut f = format!("Content-Length: {len}\r\n\r\n").into_bytes();
    f.extend_from_slice(head.as_bytes());
    f.extend_from_slice(id.as_bytes());
    f.extend_from_slice(br#","result":["#);
    Frame::Array {
        head: f,
        elements,
        tail: b"]}",
    }
}

/// A message as one frame, in one allocation of the exact size: a first
/// pass only counts bytes (a big document's diagnostics or symbols are
/// megabytes of JSON; growing a buffer by doubling would hold up to twice
/// that).
pub fn message<M: serde::Serialize>(msg: &M) -> Vec<u8> {
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

/// Write frames in the order they were posted until the end mark.
pub async fn write_frames<W: AsyncWrite + Unpin>(mut rx: mpsc::Receiver<Frame>, output: W) {
    // Pieces of an array answer are small: gather them into big writes.
    let mut output = tokio::io::BufWriter::with_capacity(1 << 20, output);
    while let Some(f) = rx.recv().await {
        let ok = match &f {
            Frame::Bytes(b) if b.is_empty() => break,
            Frame::Bytes(b) => output.write_all(b).await.is_ok(),
            Frame::Array {
                head,
                elements,
                tail,
            } => write_array(&mut output, head, elements, tail).await.is_ok(),
        };
        drop(f);
        // Flush when nothing else is waiting, so a burst is one syscall
        // but a lone message is never held back.
        if !ok || (rx.is_empty() && output.flush().await.is_err()) {
            break;
        }
    }
    let _ = output.flush().await;
}

async fn write_array<W: AsyncWrite + Unpin>(
    w: &mut W,
    head: &[u8],
    elements: &[Arc<[u8]>],
    tail: &[u8],
) -> std::io::Result<()> {
    w.write_all(head).await?;
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            w.write_all(b",").await?;
        }
        w.write_all(e).await?;
    }
    w.write_all(tail).await
}

/// Write frames in order until the end mark, on the calling (blocking)
/// thread: for stdout, where tokio's writer would copy every buffer once
/// more and hand each write to its blocking pool. An array answer goes out
/// in vectored writes straight from its pieces.
pub fn write_frames_blocking<W: std::io::Write>(mut rx: mpsc::Receiver<Frame>, mut out: W) {
    while let Some(f) = rx.blocking_recv() {
        let ok = match &f {
            Frame::Bytes(b) if b.is_empty() => break,
            Frame::Bytes(b) => out.write_all(b).is_ok(),
            Frame::Array {
                head,
                elements,
                tail,
            } => write_array_vectored(&mut out, head, elements, tail).is_ok(),
        };
        drop(f);
        if !ok || (rx.is_empty() && out.flush().is_err()) {
            break;
        }
    }
    let _ = out.flush();
}

fn write_array_vectored<W: std::io::Write>(
    w: &mut W,
    head: &[u8],
    elements: &[Arc<[u8]>],
    tail: &[u8],
) -> std::io::Result<()> {
    use std::io::IoSlice;
    // Pieces in batches (a system call takes at most 1024).
    let pieces = std::iter::once(head)
        .chain(elements.iter().enumerate().flat_map(|(i, e)| {
            let comma: &[u8] = if i > 0 { b"," } else { b"" };
            [comma, &e[..]]
        }))
        .chain(std::iter::once(tail))
        .filter(|p| !p.is_empty());
    let mut batch: Vec<IoSlice<'_>> = Vec::with_capacity(1024);
    let mut pieces = pieces.peekable();
    while pieces.peek().is_some() {
        batch.clear();
        batch.extend(pieces.by_ref().take(1024).map(IoSlice::new));
        let mut i = 0;
        while i < batch.len() {
            let mut n = w.write_vectored(&batch[i..])?;
            if n == 0 {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            while i < batch.len() && n >= batch[i].len() {
                n -= batch[i].len();
                i += 1;
            }
            if n > 0 {
                // A piece written in part: the rest of it on its own.
                w.write_all(&batch[i][n..])?;
                i += 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frames_are_written_whole_and_in_order_up_to_the_end_mark() {
        let (tx, rx) = channel();
        let mut out = Vec::new();
        let frames = [b"Content-Length: 2\r\n\r\n{}".to_vec(), message(&[1, 2])];
        let array = raw_array_response(
            &tower_lsp::jsonrpc::Id::Number(3),
            vec![Arc::from(&b"1"[..]), Arc::from(&b"{}"[..])],
        );
        let send = async {
            for f in &frames {
                tx.send(f.clone().into()).await.unwrap();
            }
            tx.send(array).await.unwrap();
            tx.send(Vec::new().into()).await.unwrap();
            // After the end mark nothing is written.
            let _ = tx.send(b"late".to_vec().into()).await;
        };
        tokio::join!(send, write_frames(rx, &mut out));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Content-Length: 2\r\n\r\n{}Content-Length: 5\r\n\r\n[1,2]\
             Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[1,{}]}"
        );
        // The blocking writer writes the same bytes.
        let (tx, rx) = channel();
        let array = raw_array_response(
            &tower_lsp::jsonrpc::Id::Number(3),
            (0..3000)
                .map(|i| Arc::from(i.to_string().as_bytes()))
                .collect(),
        );
        let expected = array.to_vec();
        tx.send(array).await.unwrap();
        tx.send(Vec::new().into()).await.unwrap();
        let got = tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            write_frames_blocking(rx, &mut out);
            out
        })
        .await
        .unwrap();
        assert_eq!(got, expected);
        assert!(String::from_utf8(got).unwrap().ends_with(",2998,2999]}"));
        // A writer that takes a few bytes at a time (as a pipe may).
        struct Trickle(Vec<u8>);
        impl std::io::Write for Trickle {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                let n = b.len().min(7);
                self.0.extend_from_slice(&b[..n]);
                Ok(n)
            }
            fn write_vectored(&mut self, b: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
                let mut left = 7;
                for s in b {
                    let n = s.len().min(left);
                    self.0.extend_from_slice(&s[..n]);
                    left -= n;
                    if left == 0 {
                        break;
                    }
                }
                Ok(7 - left)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let elements: Vec<Arc<[u8]>> = (0..2500)
            .map(|i| Arc::from(i.to_string().as_bytes()))
            .collect();
        let mut t = Trickle(Vec::new());
        write_array_vectored(&mut t, b"[", &elements, b"]").unwrap();
        let want = format!(
            "[{}]",
            (0..2500)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(String::from_utf8(t.0).unwrap(), want);
        let n = notification("m", &serde_json::json!({"a": 1}));
        let n = String::from_utf8(n).unwrap();
        let body = r#"{"jsonrpc":"2.0","method":"m","params":{"a":1}}"#;
        assert_eq!(n, format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }
}
