//! A JSON value read borrowing from the text, for the frab/pretalx JSON
//! reader: strings without escapes are not copied, and an object keeps its
//! keys in the file's order (a day's rooms come in the order the file lists
//! them). It answers as `serde_json::Value` did, on which the reader was
//! written: [`J::get`] finds a key's last value, [`J::entries`] lists an
//! object's keys sorted, each once with its last value.
//!
//! What it buys: no `String` per string and key, no sorted map per object,
//! and no second parse of the file for the rooms' order.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug)]
pub enum J<'a> {
    Null,
    Bool,
    Num(Number),
    Str(Cow<'a, str>),
    Arr(Vec<J<'a>>),
    /// Keys and values in the file's order, duplicates kept.
    Obj(Vec<(Cow<'a, str>, J<'a>)>),
}

impl<'a> J<'a> {
    /// The value of `key` in an object (the last one when the key repeats,
    /// as a map keeps it); `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&J<'a>> {
        match self {
            J::Obj(o) => o.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[J<'a>]> {
        match self {
            J::Arr(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, J<'a>)]> {
        match self {
            J::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// An object's keys sorted, each once, with its last value (how a
    /// sorted map holds it); empty for a non-object.
    pub fn entries(&self) -> Vec<(&str, &J<'a>)> {
        let mut v: Vec<(&str, &J<'a>)> = self
            .as_object()
            .unwrap_or(&[])
            .iter()
            .map(|(k, v)| (k.as_ref(), v))
            .collect();
        // Stable: of equal keys the last one read stays last.
        v.sort_by(|a, b| a.0.cmp(b.0));
        let mut out: Vec<(&str, &J<'a>)> = Vec::with_capacity(v.len());
        for e in v {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        out
    }
}

/// A string or key, borrowed from the text when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for J<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<J<'de>, E> {
                Ok(J::Bool)
            }
            fn visit_i64<E>(self, n: i64) -> Result<J<'de>, E> {
                Ok(J::Num(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<J<'de>, E> {
                Ok(J::Num(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<J<'de>, E> {
                // As `Value` does: a float JSON can hold is finite.
                Ok(Number::from_f64(n).map_or(J::Null, J::Num))
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<J<'de>, E> {
                Ok(J::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<J<'de>, E> {
                Ok(J::Str(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<J<'de>, E> {
                Ok(J::Str(Cow::Owned(s)))
            }
            fn visit_unit<E>(self) -> Result<J<'de>, E> {
                Ok(J::Null)
            }
            fn visit_none<E>(self) -> Result<J<'de>, E> {
                Ok(J::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<J<'de>, D::Error> {
                J::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<J<'de>, A::Error> {
                let mut v = Vec::with_capacity(s.size_hint().unwrap_or(0));
                while let Some(x) = s.next_element()? {
                    v.push(x);
                }
                Ok(J::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<J<'de>, A::Error> {
                let mut v = Vec::with_capacity(m.size_hint().unwrap_or(0));
                while let Some((Text(k), x)) = m.next_entry()? {
                    v.push((k, x));
                }
                Ok(J::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// The value of `key` when the object has it exactly once; `Err` when it
/// repeats (a typed read would refuse the object: "duplicate field").
fn only<'v, 'a>(o: &'v [(Cow<'a, str>, J<'a>)], key: &str) -> Result<Option<&'v J<'a>>, ()> {
    let mut it = o.iter().filter(|(k, _)| k == key);
    let first = it.next().map(|(_, v)| v);
    match it.next() {
        Some(_) => Err(()),
        None => Ok(first),
    }
}

/// The room names of each day of `schedule.conference.days`, in the order
/// the file lists them; empty when the file does not have that shape. The
/// rules are those of the typed read of `{"schedule": {"conference":
/// {"days": [{"rooms": {…}}]}}}` this replaces (any day not an object with
/// an object or `null` of rooms, or a field given twice, and no day has an
/// order), so the talks' order stays what it was.
pub fn room_orders<'v>(top: &'v J<'_>) -> Vec<Vec<&'v str>> {
    fn go<'v>(top: &'v J<'_>) -> Result<Vec<Vec<&'v str>>, ()> {
        let sched = only(top.as_object().ok_or(())?, "schedule")?.ok_or(())?;
        let conf = match sched {
            J::Obj(s) => only(s, "conference")?,
            _ => return Err(()),
        };
        let days = match conf {
            Some(J::Obj(c)) => only(c, "days")?,
            Some(J::Null) | None => return Ok(Vec::new()),
            _ => return Err(()),
        };
        let days = match days {
            Some(J::Arr(d)) => d,
            Some(J::Null) | None => return Ok(Vec::new()),
            _ => return Err(()),
        };
        let mut out = Vec::with_capacity(days.len());
        for d in days {
            let rooms = match d {
                J::Obj(o) => only(o, "rooms")?,
                // A struct read from a list takes its fields in order.
                J::Arr(a) if a.len() == 1 => a.first(),
                _ => return Err(()),
            };
            out.push(match rooms {
                Some(J::Obj(r)) => r.iter().map(|(k, _)| k.as_ref()).collect(),
                Some(J::Null) | None => Vec::new(),
                _ => return Err(()),
            });
        }
        Ok(out)
    }
    go(top).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_a_sorted_map_and_keeps_the_file_order() {
        let v: J =
            serde_json::from_str(r#"{"b": 1, "a": "x", "b": "last", "c": "\u00e9"}"#).unwrap();
        let keys: Vec<&str> = v.entries().iter().map(|e| e.0).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert!(matches!(v.get("b"), Some(J::Str(s)) if s == "last"));
        // Without escapes a string is the text's own; with them, a copy.
        assert!(matches!(v.get("a"), Some(J::Str(Cow::Borrowed("x")))));
        assert!(matches!(v.get("c"), Some(J::Str(Cow::Owned(s))) if s == "é"));
        let file: Vec<&str> = v
            .as_object()
            .unwrap()
            .iter()
            .map(|e| e.0.as_ref())
            .collect();
        assert_eq!(file, ["b", "a", "b", "c"]);
    }

    #[test]
    fn room_orders_follow_the_typed_read() {
        let orders = |s: &str| {
            let v: J = serde_json::from_str(s).unwrap();
            room_orders(&v)
                .into_iter()
                .map(|d| d.into_iter().map(str::to_string).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let days = r#"[{"rooms": {"Z": [], "A": []}}, {"rooms": null}, [{"B": 1}]]"#;
        assert_eq!(
            orders(&format!(
                r#"{{"schedule": {{"conference": {{"days": {days}}}}}}}"#
            )),
            [vec!["Z", "A"], vec![], vec!["B"]]
        );
        // A field given twice or a day of another type: no day has an order.
        assert!(orders(
            r#"{"schedule": {"conference": {"days": [{"rooms": {"Z": []}, "rooms": {}}]}}}"#
        )
        .is_empty());
        assert!(
            orders(r#"{"schedule": {"conference": {"days": [{"rooms": {"Z": []}}, 3]}}}"#)
                .is_empty()
        );
    }
}
