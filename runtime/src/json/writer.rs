//! A JSON writer that produces exactly what Python's `json.dumps` does with its defaults, as
//! botocore sends it: `", "` and `": "` separators and every character outside printable ASCII
//! escaped as `\uXXXX`.

use super::float::{python_float32_repr, python_float_repr};

/// Bytes that cannot be copied into a JSON string as they are: control characters, `"`, `\`,
/// DEL and every byte of a non-ASCII character (escaped as `\uXXXX`, as `ensure_ascii` does).
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [true; 256];
    let mut byte = 0x20;
    while byte < 0x7f {
        table[byte] = byte == b'"' as usize || byte == b'\\' as usize;
        byte += 1;
    }
    table
};

/// The index of the first byte at or after `from` that cannot be copied as it is. Eight bytes at a
/// time: a word without a control character, quote, backslash, DEL or high bit is skipped whole.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut index = from;
    while index + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[index..index + 8]);
        let x = u64::from_le_bytes(word);
        let special = (x.wrapping_sub(ONES * 0x20) & !x & HIGHS)
            | has_zero(x ^ (ONES * u64::from(b'"')))
            | has_zero(x ^ (ONES * u64::from(b'\\')))
            | has_zero(x ^ (ONES * 0x7f))
            | (x & HIGHS);
        if special != 0 {
            break;
        }
        index += 8;
    }
    bytes[index..]
        .iter()
        .position(|&b| NEEDS_ESCAPE[usize::from(b)])
        .map(|offset| index + offset)
}

/// For each open object or array, whether its next item is its first: one bit per level for the
/// outer 64 levels (no allocation for ordinary documents), a list for deeper ones.
#[derive(Debug, Default)]
struct Nesting {
    depth: usize,
    bits: u64,
    deeper: Vec<bool>,
}

impl Nesting {
    fn open(&mut self) {
        if self.depth < 64 {
            self.bits |= 1 << self.depth;
        } else {
            self.deeper.push(true);
        }
        self.depth += 1;
    }

    fn close(&mut self) {
        let Some(level) = self.depth.checked_sub(1) else {
            return;
        };
        self.depth = level;
        if level < 64 {
            self.bits &= !(1 << level);
        } else {
            self.deeper.pop();
        }
    }

    /// Whether the innermost level's next item is its first (and it is no longer); `None` outside
    /// any object or array.
    fn take_first(&mut self) -> Option<bool> {
        let level = self.depth.checked_sub(1)?;
        if level < 64 {
            let first = self.bits & (1 << level) != 0;
            self.bits &= !(1 << level);
            Some(first)
        } else {
            self.deeper
                .last_mut()
                .map(|first| std::mem::replace(first, false))
        }
    }
}

/// Writes one JSON document into a byte buffer, directly, without an intermediate tree.
#[derive(Debug)]
pub struct JsonWriter {
    out: Vec<u8>,
    first: Nesting,
    item_separator: &'static [u8],
    key_separator: &'static [u8],
}

impl Default for JsonWriter {
    fn default() -> Self {
        JsonWriter::new()
    }
}

impl JsonWriter {
    /// A writer with `json.dumps`'s default separators (what botocore puts in request bodies).
    pub fn new() -> Self {
        JsonWriter::with_capacity(256)
    }

    /// As [`JsonWriter::new`], with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonWriter {
            out: Vec::with_capacity(capacity),
            first: Nesting::default(),
            item_separator: b", ",
            key_separator: b": ",
        }
    }

    /// A writer with no spaces after separators (what botocore puts in JSON-valued headers).
    pub fn compact() -> Self {
        JsonWriter {
            item_separator: b",",
            key_separator: b":",
            ..JsonWriter::new()
        }
    }

    /// The document `write` produces, in a writer with room for `capacity` bytes.
    pub fn document<E>(
        capacity: usize,
        write: impl FnOnce(&mut JsonWriter) -> Result<(), E>,
    ) -> Result<Vec<u8>, E> {
        let mut writer = JsonWriter::with_capacity(capacity);
        write(&mut writer)?;
        Ok(writer.finish())
    }

    /// The document written so far.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    fn item(&mut self) {
        if self.first.take_first() == Some(false) {
            self.out.extend_from_slice(self.item_separator);
        }
    }

    /// Opens an object (as a value).
    pub fn begin_object(&mut self) {
        self.out.push(b'{');
        self.first.open();
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.first.close();
        self.out.push(b'}');
    }

    /// Opens an array (as a value).
    pub fn begin_array(&mut self) {
        self.out.push(b'[');
        self.first.open();
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.first.close();
        self.out.push(b']');
    }

    /// Writes an object key; the value follows.
    pub fn key(&mut self, key: &str) {
        self.item();
        self.escaped(key);
        self.out.extend_from_slice(self.key_separator);
        // The value that follows is not an array item; keep the separator state of the object.
    }

    /// Starts an array element; the value follows.
    pub fn element(&mut self) {
        self.item();
    }

    /// Writes a string value.
    pub fn string(&mut self, value: &str) {
        self.escaped(value);
    }

    /// Writes `true` or `false`.
    pub fn boolean(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// Writes an integer.
    pub fn integer(&mut self, value: i64) {
        let mut buffer = itoa_buffer();
        let text = format_i64(value, &mut buffer);
        self.out.extend_from_slice(text);
    }

    /// Writes an unsigned integer.
    pub fn unsigned(&mut self, value: u64) {
        let mut buffer = itoa_buffer();
        let start = format_u64(value, &mut buffer);
        self.out.extend_from_slice(&buffer[start..]);
    }

    /// Writes a float as botocore does: finite values as Python's `repr`, the special values as
    /// the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
    pub fn float(&mut self, value: f64) {
        let text = python_float_repr(value);
        if value.is_finite() {
            self.out.extend_from_slice(text.as_bytes());
        } else {
            self.escaped(&text);
        }
    }

    /// Writes a 32-bit float with its own shortest digits, otherwise as [`JsonWriter::float`].
    pub fn float32(&mut self, value: f32) {
        let text = python_float32_repr(value);
        if value.is_finite() {
            self.out.extend_from_slice(text.as_bytes());
        } else {
            self.escaped(&text);
        }
    }

    /// Writes text that is already valid JSON (a number's exact digits, a captured value).
    pub fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    fn escaped(&mut self, value: &str) {
        self.out.reserve(value.len() + 2);
        self.out.push(b'"');
        // Fast path: copy runs of printable ASCII, escape the ASCII bytes between them; the first
        // non-ASCII byte sends the rest of the string to the character-by-character path.
        let bytes = value.as_bytes();
        let mut start = 0;
        while let Some(index) = next_special(bytes, start) {
            let byte = bytes[index];
            self.out.extend_from_slice(&bytes[start..index]);
            if byte >= 0x80 {
                // `index` is a character boundary: every byte before it was ASCII.
                self.escape_all(&value[index..]);
                return;
            }
            self.escape_ascii(byte);
            start = index + 1;
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }

    fn escape_ascii(&mut self, byte: u8) {
        match byte {
            b'"' => self.out.extend_from_slice(b"\\\""),
            b'\\' => self.out.extend_from_slice(b"\\\\"),
            b'\n' => self.out.extend_from_slice(b"\\n"),
            b'\r' => self.out.extend_from_slice(b"\\r"),
            b'\t' => self.out.extend_from_slice(b"\\t"),
            0x08 => self.out.extend_from_slice(b"\\b"),
            0x0c => self.out.extend_from_slice(b"\\f"),
            other => self.unicode_escape(u16::from(other)),
        }
    }

    fn unicode_escape(&mut self, unit: u16) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            self.out.push(HEX[usize::from((unit >> shift) & 0xf)]);
        }
    }

    /// Escapes a whole string whose non-ASCII characters become `\uXXXX` (surrogate pairs above
    /// the Basic Multilingual Plane) and writes the closing quote; the opening one is written.
    fn escape_all(&mut self, value: &str) {
        for c in value.chars() {
            if c.is_ascii() {
                let byte = c as u8;
                if (0x20..0x7f).contains(&byte) && byte != b'"' && byte != b'\\' {
                    self.out.push(byte);
                } else {
                    self.escape_ascii(byte);
                }
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    self.unicode_escape(*unit);
                }
            }
        }
        self.out.push(b'"');
    }
}

fn itoa_buffer() -> [u8; 20] {
    [0u8; 20]
}

fn format_u64(mut value: u64, buffer: &mut [u8; 20]) -> usize {
    let mut index = buffer.len();
    loop {
        index -= 1;
        buffer[index] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            return index;
        }
    }
}

fn format_i64(value: i64, buffer: &mut [u8; 20]) -> &[u8] {
    let start = format_u64(value.unsigned_abs(), buffer);
    if value < 0 {
        // i64::MIN has 19 digits, so there is always room for the sign.
        buffer[start - 1] = b'-';
        &buffer[start - 1..]
    } else {
        &buffer[start..]
    }
}

#[cfg(test)]
mod tests {
    use super::JsonWriter;

    fn written(build: impl FnOnce(&mut JsonWriter)) -> String {
        let mut writer = JsonWriter::new();
        build(&mut writer);
        String::from_utf8(writer.finish()).unwrap()
    }

    #[test]
    fn separators_and_nesting_match_json_dumps() {
        let text = written(|w| {
            w.begin_object();
            w.key("a");
            w.integer(-9223372036854775808);
            w.key("b");
            w.begin_array();
            w.element();
            w.boolean(true);
            w.element();
            w.null();
            w.end_array();
            w.key("c");
            w.begin_object();
            w.end_object();
            w.key("d");
            w.float(f64::NAN);
            w.end_object();
        });
        assert_eq!(
            text,
            r#"{"a": -9223372036854775808, "b": [true, null], "c": {}, "d": "NaN"}"#
        );
    }

    #[test]
    fn separators_are_right_beyond_the_bit_per_level_depth() {
        const DEPTH: usize = 100;
        let text = written(|w| {
            for _ in 0..DEPTH {
                w.begin_array();
                w.element();
            }
            w.integer(0);
            for _ in 0..DEPTH {
                w.element();
                w.integer(1);
                w.end_array();
            }
        });
        let expected = format!("{}0{}", "[".repeat(DEPTH), ", 1]".repeat(DEPTH));
        assert_eq!(text, expected);
    }

    #[test]
    fn strings_are_escaped_like_ensure_ascii() {
        let text = written(|w| w.string("a\"b\\c\n\u{1}\u{7f}é😀/"));
        assert_eq!(text, r#""a\"b\\c\n\u0001\u007f\u00e9\ud83d\ude00/""#);
        let text = written(|w| w.string("plain ascii"));
        assert_eq!(text, "\"plain ascii\"");
        let text = written(|w| w.string("x\ty"));
        assert_eq!(text, "\"x\\ty\"");
    }

    #[test]
    fn compact_has_no_spaces() {
        let mut writer = JsonWriter::compact();
        writer.begin_array();
        writer.element();
        writer.integer(1);
        writer.element();
        writer.integer(2);
        writer.end_array();
        assert_eq!(writer.finish(), b"[1,2]");
    }
}
