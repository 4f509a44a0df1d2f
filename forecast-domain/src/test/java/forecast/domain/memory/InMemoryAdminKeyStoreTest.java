package forecast.domain.memory;

import forecast.contract.AdminKeyStoreContract;
import forecast.domain.access.AdminKeyStore;

class InMemoryAdminKeyStoreTest implements AdminKeyStoreContract {
    @Override
    public AdminKeyStore createStore() {
        return new InMemoryAdminKeyStore();
    }
}
