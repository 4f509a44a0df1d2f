package forecast.domain.memory;

import forecast.contract.ObservationStoreContract;
import forecast.domain.observation.ObservationStore;

class InMemoryObservationStoreTest implements ObservationStoreContract {
    @Override
    public ObservationStore createStore() {
        return new InMemoryObservationStore();
    }
}
