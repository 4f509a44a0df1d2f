package forecast.domain.memory;

import forecast.contract.ExperimentStoreContract;
import forecast.domain.experiment.ExperimentStore;

class InMemoryExperimentStoreTest implements ExperimentStoreContract {
    @Override
    public ExperimentStore createStore() {
        return new InMemoryExperimentStore();
    }
}
