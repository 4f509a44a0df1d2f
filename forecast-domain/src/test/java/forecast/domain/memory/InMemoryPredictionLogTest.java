package forecast.domain.memory;

import forecast.contract.PredictionLogContract;
import forecast.domain.recording.PredictionLog;

class InMemoryPredictionLogTest implements PredictionLogContract {
    @Override
    public PredictionLog createLog() {
        return new InMemoryPredictionLog();
    }
}
