package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.contract.JobQueueContract;
import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job queue contract on an H2 file database, opened as the server opens it; restarts and two processes on one database. */
class JdbiJobQueueTest implements JobQueueContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public JobQueue createQueue() {
        return databases.fresh().jobQueue();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void jobsSurviveClosingTheDatabaseAndARunningOneIsTakenAgainAfterItsLease() {
        var queue = databases.open("restart").jobQueue();
        queue.enqueue(JobQueueContract.job("job-1", "training", 0));
        queue.claim(TRAINING, "before-the-crash", JobQueueContract.second(1), JobQueueContract.second(31), 3);
        queue.progress("job-1", "before-the-crash", "fold 1 of 3");
        databases.closeLast();
        var reopened = databases.open("restart").jobQueue();
        var found = reopened.find("job-1").orElseThrow();
        assertEquals(Job.State.RUNNING, found.state());
        assertEquals(List.of("fold 1 of 3"), found.progress());
        assertEquals(JobQueueContract.job("job-1", "training", 0).payload(), found.payload());
        assertEquals(Optional.empty(), reopened.claim(TRAINING, "after", JobQueueContract.second(20), JobQueueContract.second(50), 3));
        var again = reopened.claim(TRAINING, "after", JobQueueContract.second(40), JobQueueContract.second(70), 3).orElseThrow();
        assertEquals(2, again.attempts());
        assertEquals("after", again.holder());
    }

    @Test
    void twoProcessesOnOneDatabaseNeverTakeTheSameJob() throws Exception {
        var first = databases.open("shared").jobQueue();
        var second = databases.open("shared").jobQueue();
        for (int i = 0; i < 30; i++) first.enqueue(JobQueueContract.job("job-" + i, "training", i));
        var taken = Collections.synchronizedList(new ArrayList<String>());
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int w = 0; w < 4; w++) {
                var queue = w % 2 == 0 ? first : second;
                String worker = "process-" + (w % 2) + "/w" + w;
                pool.submit(() -> {
                    start.await();
                    Optional<Job> j;
                    while ((j = queue.claim(TRAINING, worker, JobQueueContract.second(100), JobQueueContract.second(130), 3)).isPresent()) {
                        taken.add(j.get().id());
                        queue.finish(j.get().id(), worker, Job.State.SUCCEEDED, Map.of("by", worker), null, JobQueueContract.second(101));
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertEquals(30, taken.size());
        assertEquals(30, taken.stream().distinct().count());
    }
}
