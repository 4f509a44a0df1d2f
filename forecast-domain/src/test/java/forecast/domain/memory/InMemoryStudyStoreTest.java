package forecast.domain.memory;

import forecast.contract.StudyStoreContract;
import forecast.domain.tuning.StudyStore;

class InMemoryStudyStoreTest implements StudyStoreContract {
    @Override
    public StudyStore createStore() {
        return new InMemoryStudyStore();
    }
}
