package forecast.domain.memory;

import forecast.contract.JobQueueContract;
import forecast.domain.jobs.JobQueue;

class InMemoryJobQueueTest implements JobQueueContract {
    @Override
    public JobQueue createQueue() {
        return new InMemoryJobQueue();
    }
}
