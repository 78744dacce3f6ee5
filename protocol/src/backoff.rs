//! The polling schedule: exponential backoff with full jitter, honouring `Retry-After`.
//!
//! Pure arithmetic so the widget (with `Math.random`) and tests (with fixed draws) share it.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollSchedule {
    /// The ceiling of the first wait.
    pub initial: Duration,
    /// No wait is ever longer than this, however many attempts have been made.
    pub max: Duration,
}

impl Default for PollSchedule {
    /// Status changes usually land within seconds; after a minute a 15 s ceiling keeps a
    /// waiting tab cheap for the server.
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(15),
        }
    }
}

impl PollSchedule {
    /// The upper bound of the wait before poll number `attempt` (0-based): `initial * 2^attempt`,
    /// capped at `max`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }

    /// The wait before poll number `attempt`, "full jitter": uniformly drawn from
    /// `[0, ceiling(attempt)]`, so that many widgets do not poll in lockstep. `draw` is a uniform
    /// random number in `[0, 1)`; out-of-range draws are clamped. A server's `Retry-After` is a
    /// floor: we never come back sooner than asked.
    pub fn delay(&self, attempt: u32, draw: f64, retry_after: Option<Duration>) -> Duration {
        let draw = if draw.is_finite() {
            draw.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let jittered = self.ceiling(attempt).mul_f64(draw);
        match retry_after {
            Some(floor) => jittered.max(floor),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEDULE: PollSchedule = PollSchedule {
        initial: Duration::from_millis(500),
        max: Duration::from_secs(15),
    };

    #[test]
    fn ceiling_doubles_then_stays_at_max() {
        assert_eq!(SCHEDULE.ceiling(0), Duration::from_millis(500));
        assert_eq!(SCHEDULE.ceiling(1), Duration::from_secs(1));
        assert_eq!(SCHEDULE.ceiling(4), Duration::from_secs(8));
        assert_eq!(SCHEDULE.ceiling(5), Duration::from_secs(15));
        assert_eq!(SCHEDULE.ceiling(1_000), Duration::from_secs(15));
        assert_eq!(SCHEDULE.ceiling(u32::MAX), Duration::from_secs(15));
    }

    #[test]
    fn delay_stays_within_zero_and_the_ceiling() {
        for attempt in 0..40 {
            for draw in [0.0, 0.25, 0.5, 0.999_999, 1.0] {
                let delay = SCHEDULE.delay(attempt, draw, None);
                assert!(delay <= SCHEDULE.ceiling(attempt), "{attempt} {draw}");
            }
        }
        assert_eq!(SCHEDULE.delay(3, 0.0, None), Duration::ZERO);
        assert_eq!(SCHEDULE.delay(3, 0.5, None), Duration::from_secs(2));
    }

    #[test]
    fn bad_draws_are_clamped() {
        assert_eq!(SCHEDULE.delay(2, -3.0, None), Duration::ZERO);
        assert_eq!(SCHEDULE.delay(2, 7.0, None), SCHEDULE.ceiling(2));
        assert_eq!(SCHEDULE.delay(2, f64::NAN, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_is_a_floor_not_a_ceiling() {
        let floor = Duration::from_secs(30);
        assert_eq!(SCHEDULE.delay(0, 0.9, Some(floor)), floor);
        let short = Duration::from_millis(100);
        assert_eq!(SCHEDULE.delay(4, 0.5, Some(short)), Duration::from_secs(4));
    }
}
