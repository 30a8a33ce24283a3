//! Floats written the way Python's `repr` (and so `json.dumps`) writes them.

/// Formats a finite float like Python's `repr`: the shortest digits that read back to the same
/// value, in fixed notation when the decimal exponent is between -4 and 15 (`1.0`, `0.0001`,
/// `123.5`), otherwise in scientific notation with a signed, at least two-digit exponent (`1e+16`,
/// `1.5e-05`). Not-a-number and infinities give `NaN`, `Infinity` and `-Infinity`.
pub fn python_float_repr(value: f64) -> String {
    python_repr(value, &format!("{value:e}"))
}

/// As [`python_float_repr`] for a 32-bit float: its own shortest digits (`4.1`, not the
/// `4.099999904632568` of its widening to 64 bits), as a Python value read from the same text.
pub fn python_float32_repr(value: f32) -> String {
    python_repr(f64::from(value), &format!("{value:e}"))
}

fn python_repr(value: f64, scientific: &str) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_owned();
    }
    // `{:e}` gives the shortest round-trip digits: `-1.2345e-7`.
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point as usize]);
            out.push('.');
            out.push_str(&digits[point as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exponent.abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{python_float32_repr, python_float_repr};

    #[test]
    fn float32_uses_its_own_shortest_digits() {
        assert_eq!(python_float32_repr(4.1), "4.1");
        assert_eq!(python_float32_repr(1e20), "1e+20");
        assert_eq!(python_float32_repr(f32::NAN), "NaN");
    }

    #[test]
    fn matches_python_repr() {
        let table = [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (-0.0, "-0.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (123456789.125, "123456789.125"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345e100, "1.2345e+100"),
            (0.1, "0.1"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (value, expected) in table {
            assert_eq!(python_float_repr(value), expected, "{value:e}");
        }
    }
}
