package forecast.domain.forecasting;

/** How many steps ahead to forecast, at the series' frequency; at least 1. */
public record Horizon(int steps) {
    public Horizon {
        if (steps < 1) throw new IllegalArgumentException("horizon must be >= 1: " + steps);
    }
}
