//! A point in time with nanosecond precision, as timestamps travel in AWS protocols.

/// Seconds and nanoseconds since 1970-01-01T00:00:00Z. Negative seconds are before the epoch; the
/// nanoseconds always count forward from the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

impl DateTime {
    /// Whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        DateTime { seconds, nanos: 0 }
    }

    /// Seconds and nanoseconds; `None` when `nanos` is a second or more.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Option<Self> {
        (nanos < 1_000_000_000).then_some(DateTime { seconds, nanos })
    }

    /// Fractional seconds since the epoch, rounded to the microsecond as the AWS SDKs do; `None`
    /// for values that are not finite or do not fit.
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() >= 9.2e18 {
            return None;
        }
        let micros = (value * 1_000_000.0).round();
        if micros.abs() >= 9.2e18 {
            let seconds = value.floor();
            let nanos = ((value - seconds) * 1e9).round().clamp(0.0, 999_999_999.0);
            return Some(DateTime {
                seconds: seconds as i64,
                nanos: nanos as u32,
            });
        }
        let micros = micros as i64;
        Some(DateTime {
            seconds: micros.div_euclid(1_000_000),
            nanos: (micros.rem_euclid(1_000_000) as u32) * 1_000,
        })
    }

    /// Whole seconds since the epoch (rounded down).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`DateTime::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Fractional seconds since the epoch.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }
}

impl From<std::time::SystemTime> for DateTime {
    fn from(time: std::time::SystemTime) -> Self {
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => DateTime {
                seconds: after.as_secs() as i64,
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let mut seconds = -(before.as_secs() as i64);
                let mut nanos = before.subsec_nanos();
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                DateTime { seconds, nanos }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DateTime;

    #[test]
    fn fractional_seconds_round_to_microseconds() {
        let t = DateTime::from_secs_f64(1_576_540_098.123_457).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (1576540098, 123_457_000));
        let before = DateTime::from_secs_f64(-1.5).unwrap();
        assert_eq!((before.secs(), before.subsec_nanos()), (-2, 500_000_000));
        assert!(DateTime::from_secs_f64(f64::NAN).is_none());
        assert!(DateTime::from_secs_and_nanos(0, 1_000_000_000).is_none());
    }
}
