//! Summaries of timed samples, and how the sections print them.

/// Median, extremes and 90th percentile of a set of samples.
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub p90: f64,
    pub max: f64,
}

impl Spread {
    /// `samples` must not be empty. The median of an even count is the mean of the middle two;
    /// the 90th percentile is the nearest rank (the 18th of 20).
    pub fn of(samples: &[f64]) -> Spread {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = match n % 2 {
            1 => sorted[n / 2],
            _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        };
        let rank = (n * 9).div_ceil(10).max(1);
        Spread {
            median,
            min: sorted[0],
            p90: sorted[rank - 1],
            max: sorted[n - 1],
        }
    }
}

/// A duration in whole milliseconds, as the sections print them.
pub fn ms(value: f64) -> String {
    format!("{value:.0} ms")
}

#[cfg(test)]
mod tests {
    use super::Spread;

    #[test]
    fn median_and_nearest_rank_percentile() {
        let twenty: Vec<f64> = (1..=20).rev().map(f64::from).collect();
        let spread = Spread::of(&twenty);
        assert_eq!(
            (spread.median, spread.min, spread.p90, spread.max),
            (10.5, 1.0, 18.0, 20.0)
        );
        let odd = Spread::of(&[3.0, 1.0, 2.0]);
        assert_eq!((odd.median, odd.p90), (2.0, 3.0));
        assert_eq!(Spread::of(&[7.0]).p90, 7.0);
    }
}
