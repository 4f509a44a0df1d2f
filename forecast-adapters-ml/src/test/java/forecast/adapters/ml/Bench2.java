package forecast.adapters.ml;

import forecast.domain.evaluation.Accuracy;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Hyperparameters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Bench2 {
    @Test
    void margins() {
        var t = XGBoostForecasterTest.class;
        var series = Synthetic.hourly(1500 + 168, 7);
        var f = new XGBoostForecaster();
        var m = f.fit(series.head(1500), XGBoostForecasterTest.SMALL);
        var naive = new SeasonalNaiveForecaster().fit(series.head(1500), Hyperparameters.NONE);
        System.out.printf("holdout small: xgb %.3f naive %.3f%n", XGBoostForecasterTest.holdoutMase(m, series), XGBoostForecasterTest.holdoutMase(naive, series));
        var d = f.fit(series.head(1500), Hyperparameters.NONE);
        System.out.printf("holdout default on 1500: xgb %.3f%n", XGBoostForecasterTest.holdoutMase(d, series));
        var withPromo = Synthetic.hourlyWithPromo(1500 + 48, 11);
        var fitted = f.fit(withPromo.head(1500), XGBoostForecasterTest.SMALL);
        var future = new ArrayList<double[]>();
        for (int i = 1500; i < 1548; i++) future.add(withPromo.featureRow(i));
        double[] actual = withPromo.slice(1500, 1548).values();
        double[] informed = fitted.predict(new ForecastQuery(withPromo.head(1500), new Horizon(48), List.of(), future)).means();
        double[] blind = fitted.predict(ForecastQuery.of(withPromo.head(1500), 48)).means();
        System.out.printf("promo: informed MAE %.3f blind %.3f%n", Accuracy.mae(actual, informed), Accuracy.mae(actual, blind));
        var monthly = Synthetic.monthly(144, 3);
        var mf = f.fit(monthly.head(120), XGBoostForecasterTest.SMALL);
        var mn = new SeasonalNaiveForecaster().fit(monthly.head(120), Hyperparameters.NONE);
        double[] ma = monthly.slice(120, 144).values();
        double[] ins = monthly.head(120).values();
        System.out.printf("monthly: xgb %.3f naive %.3f%n", Accuracy.mase(ma, mf.predict(ForecastQuery.of(monthly.head(120), 24)).means(), ins, 12),
                Accuracy.mase(ma, mn.predict(ForecastQuery.of(monthly.head(120), 24)).means(), ins, 12));
        var small = f.fit(series.head(1500), XGBoostForecasterTest.SMALL.with(Hyperparameters.of("max_horizon", "24")));
        System.out.printf("beyond: %.3f%n", Accuracy.mase(series.slice(1500, 1572).values(), small.predict(ForecastQuery.of(series.head(1500), 72)).means(), series.head(1500).values(), 24));
    }
}
