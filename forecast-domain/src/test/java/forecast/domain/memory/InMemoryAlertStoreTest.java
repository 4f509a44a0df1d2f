package forecast.domain.memory;

import forecast.contract.AlertStoreContract;
import forecast.domain.monitoring.AlertStore;

class InMemoryAlertStoreTest implements AlertStoreContract {
    @Override
    public AlertStore createStore() {
        return new InMemoryAlertStore();
    }
}
