//! Rendering a report on every core and writing it in report order.
//!
//! The work is cut into units (a file's findings, a big file's in several
//! pieces) so that one big file does not keep one core busy while the
//! others wait for it. Units are rendered a batch at a time into buffers,
//! and a batch is written while the next one is rendered, so memory is
//! bounded by two batches of output, not the whole document.

use super::super::report::Report;
use rayon::prelude::*;
use std::io::{self, Write};
use std::ops::Range;

/// Most findings in a unit.
const UNIT: usize = 1024;
/// Findings in a batch (at least; a batch ends at a unit boundary).
const BATCH: usize = 16 * 1024;
/// Most units in a batch (a run of clean files has no findings to count).
const BATCH_UNITS: usize = 512;

/// Findings `diags` of report file `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub file: usize,
    pub diags: Range<usize>,
    /// Whether this is the file's last unit.
    pub last: bool,
}

/// The units of `report`, in order: each file with findings in pieces of at
/// most [`UNIT`] findings, and, when `clean`, each clean file as one empty
/// unit.
pub fn units(report: &Report, clean: bool) -> Vec<Unit> {
    let mut out = Vec::new();
    for (file, f) in report.files.iter().enumerate() {
        let n = f.diagnostics.len();
        if n == 0 {
            if clean {
                out.push(Unit {
                    file,
                    diags: 0..0,
                    last: true,
                });
            }
            continue;
        }
        let mut start = 0;
        while start < n {
            let end = (start + UNIT).min(n);
            out.push(Unit {
                file,
                diags: start..end,
                last: end == n,
            });
            start = end;
        }
    }
    out
}

/// Consecutive runs of `units` of about [`BATCH`] findings.
fn batches(units: &[Unit]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut findings) = (0, 0);
    for (i, u) in units.iter().enumerate() {
        findings += u.diags.len();
        if findings >= BATCH || i + 1 - start >= BATCH_UNITS {
            out.push(start..i + 1);
            start = i + 1;
            findings = 0;
        }
    }
    if start < units.len() {
        out.push(start..units.len());
    }
    out
}

/// Render each unit with `render` (in parallel) and write the results to
/// `out` in unit order. Stops at the first write error (a closed pipe).
pub fn write_in_order<F>(units: &[Unit], render: F, out: &mut dyn Write) -> io::Result<()>
where
    F: Fn(&Unit, &mut Vec<u8>) + Sync,
{
    let batches = batches(units);
    let render = &render;
    std::thread::scope(|s| {
        // One batch waits in the channel while the next is rendered.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(1);
        s.spawn(move || {
            for b in batches {
                let pieces = units[b]
                    .par_iter()
                    .map(|u| {
                        let mut buf = Vec::new();
                        render(u, &mut buf);
                        buf
                    })
                    .collect();
                if tx.send(pieces).is_err() {
                    // The writer stopped (write error): so do we.
                    break;
                }
            }
        });
        for pieces in rx {
            for p in pieces {
                out.write_all(&p)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_unit_once_in_order() {
        for n in [0, 1, 5, 511, 512, 513, 2000] {
            let units: Vec<Unit> = (0..n)
                .map(|i| Unit {
                    file: i,
                    diags: 0..(i % 7) * 300,
                    last: true,
                })
                .collect();
            let b = batches(&units);
            let flat: Vec<usize> = b.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(flat, (0..n).collect::<Vec<_>>());
            assert!(b.iter().all(|r| !r.is_empty()));
        }
    }

    #[test]
    fn output_is_in_unit_order() {
        let units: Vec<Unit> = (0..3000)
            .map(|i| Unit {
                file: i,
                diags: 0..(i % 5) * 100,
                last: true,
            })
            .collect();
        let mut out = Vec::new();
        write_in_order(
            &units,
            |u, b| b.extend(format!("{},", u.file).bytes()),
            &mut out,
        )
        .unwrap();
        let want: String = (0..3000).map(|i| format!("{i},")).collect();
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    /// A writer that fails: rendering stops, the error comes back.
    #[test]
    fn write_error_stops() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let units: Vec<Unit> = (0..5000)
            .map(|i| Unit {
                file: i,
                diags: 0..0,
                last: true,
            })
            .collect();
        let e = write_in_order(&units, |_, b| b.push(b'x'), &mut Closed).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }
}
