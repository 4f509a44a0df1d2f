package forecast.domain.memory;

import forecast.contract.PipelineStoreContract;
import forecast.domain.pipeline.PipelineStore;

class InMemoryPipelineStoreTest implements PipelineStoreContract {
    @Override
    public PipelineStore createStore() {
        return new InMemoryPipelineStore();
    }
}
