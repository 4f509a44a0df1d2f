package forecast.adapters.persistence;

import forecast.domain.evaluation.BacktestMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The backtest metrics' columns, the same in every table that keeps them (model_version,
 * model_version_series, pipeline_contender): bound by name in inserts, read back by name. A figure
 * that could not be computed is NULL; versions from before the interval scores have NULL there.
 */
final class MetricsColumns {
    /** The column names, for INSERT column lists. */
    static final String NAMES = "mape, smape, mase, rmse, coverage80, coverage95, msis, width80, width95, folds, forecasts, horizon";
    /** The named parameters, for VALUES lists. */
    static final String PARAMETERS = ":mape, :smape, :mase, :rmse, :coverage80, :coverage95, :msis, :width80, :width95, :folds, :forecasts, :horizon";

    private MetricsColumns() {}

    static <T extends SqlStatement<T>> T bind(T statement, BacktestMetrics m) {
        return statement.bind("mape", Sql.nullable(m.mape())).bind("smape", Sql.nullable(m.smape())).bind("mase", Sql.nullable(m.mase()))
                .bind("rmse", Sql.nullable(m.rmse())).bind("coverage80", Sql.nullable(m.coverage80())).bind("coverage95", Sql.nullable(m.coverage95()))
                .bind("msis", Sql.nullable(m.msis())).bind("width80", Sql.nullable(m.width80())).bind("width95", Sql.nullable(m.width95()))
                .bind("folds", m.folds()).bind("forecasts", m.forecasts()).bind("horizon", m.horizon());
    }

    static BacktestMetrics read(ResultSet rs) throws SQLException {
        return new BacktestMetrics(Sql.orNaN(rs, "mape"), Sql.orNaN(rs, "smape"), Sql.orNaN(rs, "mase"), Sql.orNaN(rs, "rmse"),
                Sql.orNaN(rs, "coverage80"), Sql.orNaN(rs, "coverage95"), Sql.orNaN(rs, "msis"), Sql.orNaN(rs, "width80"), Sql.orNaN(rs, "width95"),
                rs.getInt("folds"), rs.getInt("forecasts"), rs.getInt("horizon"));
    }
}
