//! The output side of the transport: every frame for the client goes
//! through one ordered, bounded channel (the outbox) to one writer.
//!
//! Frames are made by `wire` (the one place answers become bytes),
//! finished (header and body) or with an array written on the way out
//! ([`Frame::Array`]); the writer only writes them. The lint
//! worker posts its `publishDiagnostics` frames here, the session loop the
//! service's answers and the client socket's requests, and the answers
//! that handlers serialised themselves (`answers`) come through the
//! session loop too; one channel keeps them in the order they were posted.

#[cfg(test)]
use std::sync::Arc;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// A finished message for the client (header and body).
pub enum Frame {
    /// A frame that a later frame with the same key makes pointless (a
    /// document's diagnostics, replaced by its next ones): the writer
    /// drops it when such a frame is already waiting behind it.
    Replaceable { key: String, frame: Box<Frame> },
    /// The whole frame in one buffer. Empty: the end mark.
    Bytes(Vec<u8>),
    /// A head, elements, and a tail: an array answer whose elements are
    /// written out a buffer at a time as it is sent (the outline, from the
    /// packed talks the server keeps), instead of being made into one
    /// buffer of the answer's size.
    Array {
        head: Vec<u8>,
        elements: Box<dyn Elements>,
        tail: &'static [u8],
    },
}

/// The elements of an array answer, written on the way out.
pub trait Elements: Send {
    /// Their length in bytes, with the commas between them.
    fn len(&self) -> usize;
    /// Append the next elements (and commas) to `buf` until it holds at
    /// least `limit` bytes; false once the last is written.
    fn fill(&mut self, buf: &mut Vec<u8>, limit: usize) -> bool;
}

/// Elements already JSON text, joined by commas (for tests).
#[cfg(test)]
pub struct Joined(pub Vec<Arc<[u8]>>, pub usize);

#[cfg(test)]
impl Elements for Joined {
    fn len(&self) -> usize {
        self.0.iter().map(|e| e.len()).sum::<usize>() + self.0.len().saturating_sub(1)
    }
    fn fill(&mut self, buf: &mut Vec<u8>, limit: usize) -> bool {
        while let Some(e) = self.0.get(self.1) {
            if buf.len() >= limit {
                return true;
            }
            if self.1 > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(e);
            self.1 += 1;
        }
        false
    }
}

/// How much of an array answer is written out before it is sent: small
/// enough to stay in cache, big enough for few system calls (a pipe takes
/// 64 KiB at a time anyway). The buffer is kept between frames, so its size
/// is memory the server holds for good.
const ARRAY_CHUNK: usize = 64 << 10;

impl From<Vec<u8>> for Frame {
    fn from(b: Vec<u8>) -> Frame {
        Frame::Bytes(b)
    }
}

impl Frame {
    /// The frame as one buffer.
    #[cfg(test)]
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            Frame::Replaceable { frame, .. } => frame.into_vec(),
            Frame::Bytes(b) => b,
            Frame::Array {
                head,
                mut elements,
                tail,
            } => {
                let mut v = head;
                while elements.fill(&mut v, usize::MAX) {}
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

/// The next piece of an array frame in `buf` (its head first, its tail
/// last); false for the last piece. The buffer is reused from piece to
/// piece and frame to frame.
fn next_chunk(
    buf: &mut Vec<u8>,
    head: &mut Option<Vec<u8>>,
    elements: &mut dyn Elements,
    tail: &'static [u8],
) -> bool {
    if buf.capacity() > 4 * ARRAY_CHUNK {
        // One huge element (a hostile talk) grew it: don't keep that.
        *buf = Vec::new();
    }
    buf.clear();
    // The last element may run past the limit: room for that up front, so
    // the buffer does not double to hold it.
    buf.reserve(ARRAY_CHUNK + ARRAY_CHUNK / 2);
    if let Some(h) = head.take() {
        buf.extend_from_slice(&h);
    }
    if elements.fill(buf, ARRAY_CHUNK) {
        return true;
    }
    buf.extend_from_slice(tail);
    false
}

/// The frame writer: writes frames in the order they were posted, up to
/// the end mark, on the calling thread (a blocking one; `write_all` may
/// wait for a slow client). Each frame is written straight from its
/// buffer, so stdout costs no copy (tokio's stdout would copy every buffer
/// once more and hand each write to its blocking pool); an async output
/// is written through [`BlockOn`]. Output is flushed whenever nothing else
/// is waiting, so a lone message is never held back.
pub fn write_frames<W: std::io::Write>(mut rx: mpsc::Receiver<Frame>, mut out: W) {
    let mut buf = Vec::new();
    // Frames taken from the channel but not yet written: enough to see a
    // replacement waiting, bounded as the channel is.
    let mut waiting: std::collections::VecDeque<Frame> = std::collections::VecDeque::new();
    loop {
        if waiting.is_empty() {
            match rx.blocking_recv() {
                Some(f) => waiting.push_back(f),
                None => break,
            }
        }
        while waiting.len() < 64 {
            match rx.try_recv() {
                Ok(f) => waiting.push_back(f),
                Err(_) => break,
            }
        }
        let Some(f) = waiting.pop_front() else {
            break;
        };
        let f = match f {
            Frame::Replaceable { key, frame } => {
                let replaced = waiting
                    .iter()
                    .any(|w| matches!(w, Frame::Replaceable { key: k, .. } if *k == key));
                if replaced {
                    continue;
                }
                *frame
            }
            f => f,
        };
        let ok = match f {
            Frame::Bytes(b) if b.is_empty() => break,
            Frame::Bytes(b) => out.write_all(&b).is_ok(),
            Frame::Replaceable { frame, .. } => write_one(*frame, &mut buf, &mut out),
            f @ Frame::Array { .. } => write_one(f, &mut buf, &mut out),
        };
        if !ok || (waiting.is_empty() && rx.is_empty() && out.flush().is_err()) {
            break;
        }
    }
    let _ = out.flush();
}

/// Write one frame; false when the output failed.
fn write_one<W: std::io::Write>(f: Frame, buf: &mut Vec<u8>, out: &mut W) -> bool {
    match f {
        Frame::Bytes(b) => out.write_all(&b).is_ok(),
        Frame::Replaceable { frame, .. } => write_one(*frame, buf, out),
        Frame::Array {
            head,
            mut elements,
            tail,
        } => {
            let mut head = Some(head);
            loop {
                let more = next_chunk(buf, &mut head, &mut *elements, tail);
                let ok = out.write_all(buf).is_ok();
                if !ok || !more {
                    break ok;
                }
            }
        }
    }
}

/// An async writer used from a blocking thread (each write waits on the
/// runtime), so that [`write_frames`] serves both the binary's stdout and
/// the in-process sessions of `serve` (the fuzz target, tests).
pub struct BlockOn<W> {
    runtime: tokio::runtime::Handle,
    pub inner: W,
}

impl<W> BlockOn<W> {
    /// Must be called inside the runtime that is to drive the writes.
    pub fn new(inner: W) -> BlockOn<W> {
        BlockOn {
            runtime: tokio::runtime::Handle::current(),
            inner,
        }
    }
}

impl<W: AsyncWrite + Unpin> std::io::Write for BlockOn<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.runtime.block_on(self.inner.write(b))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.runtime.block_on(self.inner.flush())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::wire::{array_response as raw_array_response, message, notification};

    fn joined(items: impl Iterator<Item = String>) -> Box<dyn Elements> {
        Box::new(Joined(items.map(|i| Arc::from(i.as_bytes())).collect(), 0))
    }

    /// A writer that takes a few bytes at a time (as a pipe may).
    struct Trickle(Vec<u8>);
    impl std::io::Write for Trickle {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let n = b.len().min(7);
            self.0.extend_from_slice(&b[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What the writer writes to an async output (as `serve` runs it).
    async fn write_async(rx: mpsc::Receiver<Frame>) -> Vec<u8> {
        let out = BlockOn::new(Vec::new());
        tokio::task::spawn_blocking(move || {
            let mut out = out;
            write_frames(rx, &mut out);
            out.inner
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn frames_are_written_whole_and_in_order_up_to_the_end_mark() {
        let (tx, rx) = channel();
        let frames = [b"Content-Length: 2\r\n\r\n{}".to_vec(), message(&[1, 2])];
        let array = raw_array_response(
            &tower_lsp_server::jsonrpc::Id::Number(3),
            joined(["1".to_string(), "{}".to_string()].into_iter()),
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
        let (_, out) = tokio::join!(send, write_async(rx));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Content-Length: 2\r\n\r\n{}Content-Length: 5\r\n\r\n[1,2]\
             Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[1,{}]}"
        );
        let n = notification("m", &serde_json::json!({"a": 1}));
        let n = String::from_utf8(n).unwrap();
        let body = r#"{"jsonrpc":"2.0","method":"m","params":{"a":1}}"#;
        assert_eq!(n, format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }

    /// An array answer bigger than one piece goes out whole, with the
    /// length its header states, to an async and a blocking output, and to a
    /// writer that takes a few bytes at a time; a frame after it follows.
    #[tokio::test]
    async fn big_arrays_are_written_in_pieces_whole() {
        const N: usize = 120_000;
        let array = || {
            raw_array_response(
                &tower_lsp_server::jsonrpc::Id::Number(3),
                joined((0..N).map(|i| i.to_string())),
            )
        };
        let items: Vec<String> = (0..N).map(|i| i.to_string()).collect();
        let body = format!(
            "{{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[{}]}}",
            items.join(",")
        );
        assert!(body.len() > 2 * ARRAY_CHUNK);
        let want = format!("Content-Length: {}\r\n\r\n{body}after", body.len());
        assert_eq!(
            String::from_utf8(array().into_vec()).unwrap() + "after",
            want
        );

        let (tx, rx) = channel();
        let send = async {
            tx.send(array()).await.unwrap();
            tx.send(b"after".to_vec().into()).await.unwrap();
            tx.send(Vec::new().into()).await.unwrap();
        };
        let (_, out) = tokio::join!(send, write_async(rx));
        assert_eq!(String::from_utf8(out).unwrap(), want);

        for trickle in [false, true] {
            let (tx, rx) = channel();
            tx.send(array()).await.unwrap();
            tx.send(b"after".to_vec().into()).await.unwrap();
            tx.send(Vec::new().into()).await.unwrap();
            let got = tokio::task::spawn_blocking(move || {
                if trickle {
                    let mut t = Trickle(Vec::new());
                    write_frames(rx, &mut t);
                    t.0
                } else {
                    let mut out = Vec::new();
                    write_frames(rx, &mut out);
                    out
                }
            })
            .await
            .unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), want, "trickle: {trickle}");
        }
    }

    /// A document's publication waiting behind a newer one for the same
    /// document is not written; every other frame is, in order.
    #[tokio::test]
    async fn a_waiting_publication_is_replaced_by_a_newer_one() {
        let publish = |doc: &str, v: &str| Frame::Replaceable {
            key: doc.to_string(),
            frame: Box::new(format!("[{doc}{v}]").into_bytes().into()),
        };
        let (tx, rx) = channel();
        tx.send(publish("a", "1")).await.unwrap();
        tx.send(publish("b", "1")).await.unwrap();
        tx.send(b"(x)".to_vec().into()).await.unwrap();
        tx.send(publish("a", "2")).await.unwrap();
        tx.send(Vec::new().into()).await.unwrap();
        let out = tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            write_frames(rx, &mut out);
            out
        })
        .await
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[b1](x)[a2]");
    }
}
