//! Numbers from the wire, read without ever panicking: seconds may come as JSON numbers
//! (integer or fractional) or numeric strings, and as anything else; they are bounded before
//! any arithmetic is done with them.

use serde_json::Value;
use std::time::Duration;

/// What was wrong with a seconds value.
#[derive(Debug, PartialEq, Eq)]
pub enum BadSeconds {
    /// Negative, not a number, or not finite.
    NotANumber,
}

/// Reads `value` as a number of seconds: a non-negative JSON number (a fraction is rounded
/// up) or a string holding one, clamped to `min..=max`.
pub fn seconds(value: &Value, min: Duration, max: Duration) -> Result<Duration, BadSeconds> {
    let secs: f64 = match value {
        Value::Number(n) => match n.as_u64() {
            Some(whole) => return Ok(clamp(Duration::from_secs(whole), min, max)),
            None => n.as_f64().ok_or(BadSeconds::NotANumber)?,
        },
        Value::String(s) => s.trim().parse().map_err(|_| BadSeconds::NotANumber)?,
        _ => return Err(BadSeconds::NotANumber),
    };
    if !secs.is_finite() || secs < 0.0 {
        return Err(BadSeconds::NotANumber);
    }
    let whole = if secs >= max.as_secs_f64() {
        max
    } else {
        Duration::from_secs(secs.ceil() as u64)
    };
    Ok(clamp(whole, min, max))
}

fn clamp(d: Duration, min: Duration, max: Duration) -> Duration {
    d.max(min).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_shape_is_bounded_or_refused() {
        let (min, max) = (Duration::from_secs(1), Duration::from_secs(300));
        let s = |v: Value| seconds(&v, min, max);
        assert_eq!(s(json!(5)), Ok(Duration::from_secs(5)));
        assert_eq!(s(json!(u64::MAX)), Ok(max));
        assert_eq!(s(json!(0)), Ok(min));
        assert_eq!(s(json!(1.5)), Ok(Duration::from_secs(2)));
        assert_eq!(s(json!(1e300)), Ok(max));
        assert_eq!(s(json!("18446744073709551615")), Ok(max));
        assert_eq!(s(json!(" 7 ")), Ok(Duration::from_secs(7)));
        assert_eq!(s(json!(-1)), Err(BadSeconds::NotANumber));
        assert_eq!(s(json!("abc")), Err(BadSeconds::NotANumber));
        assert_eq!(s(json!("NaN")), Err(BadSeconds::NotANumber));
        assert_eq!(s(json!(null)), Err(BadSeconds::NotANumber));
        assert_eq!(s(json!([1])), Err(BadSeconds::NotANumber));
    }
}
