package forecast.domain.monitoring;

/**
 * One detector's current state on the live version: {@code kind} is {@code input}, {@code accuracy}
 * or {@code coverage}; {@code state} {@code ok}, {@code drift} or {@code insufficient_data}; the
 * statistic, its threshold and p-value (NaN when there is none), and the windows' sizes.
 */
public record DriftStatus(String detector, String kind, String series, String version, String state, double statistic, double threshold,
                          double pValue, int referenceSize, int recentSize, String detail) {
    public boolean drifted() {
        return state.equals("drift");
    }
}
