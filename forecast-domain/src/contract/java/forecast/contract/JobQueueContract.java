package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobQueue;
import forecast.domain.jobs.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobQueue} promises. An implementation's test implements this interface and
 * {@link #createQueue()}; each test calls it once.
 */
public interface JobQueueContract {
    /** A new, empty queue. */
    JobQueue createQueue();

    Instant T0 = Instant.parse("2024-05-01T09:30:00.123456Z");
    List<String> TRAINING = List.of("training");

    static Instant second(int s) {
        return T0.plus(Duration.ofSeconds(s));
    }

    static NewJob job(String id, String kind, int submittedAt) {
        return new NewJob(id, kind, Map.of("algorithm", "arima", "note", "quotes \" and\nnewlines ✓"), second(submittedAt));
    }

    @Test
    default void aQueuedJobIsFoundAsSubmittedAndListedNewestFirst() {
        var queue = createQueue();
        var queued = queue.enqueue(job("job-1", "training", 0));
        queue.enqueue(job("job-2", "tuning", 1));
        var expected = new Job("job-1", "training", job("job-1", "training", 0).payload(), Job.State.QUEUED, 0, null, null, List.of(), Map.of(),
                null, false, second(0), null, null);
        assertEquals(expected, queued);
        assertEquals(Optional.of(expected), queue.find("job-1"));
        assertEquals(List.of("job-2", "job-1"), queue.list(10).stream().map(Job::id).toList());
        assertEquals(List.of("job-2"), queue.list(1).stream().map(Job::id).toList());
        assertEquals(Optional.empty(), queue.find("job-3"));
    }

    @Test
    default void claimsTakeTheOldestQueuedJobOfTheirKindsAndCountAnAttempt() {
        var queue = createQueue();
        queue.enqueue(job("job-1", "tuning", 0));
        queue.enqueue(job("job-2", "training", 1));
        queue.enqueue(job("job-3", "training", 2));
        assertEquals(Optional.of(2), queue.position("job-3"), "one pool runs every kind: jobs of other kinds are ahead too");
        var claimed = queue.claim(TRAINING, "w1", second(5), second(35), 3).orElseThrow();
        assertEquals("job-2", claimed.id());
        assertEquals(Job.State.RUNNING, claimed.state());
        assertEquals(1, claimed.attempts());
        assertEquals("w1", claimed.holder());
        assertEquals(second(35), claimed.leaseUntil());
        assertEquals(second(5), claimed.started());
        assertEquals(Optional.of(claimed), queue.find("job-2"));
        assertEquals(Optional.of(1), queue.position("job-3"));
        assertEquals(Optional.empty(), queue.position("job-2"));
        assertEquals("job-3", queue.claim(TRAINING, "w2", second(6), second(36), 3).orElseThrow().id());
        assertEquals(Optional.empty(), queue.claim(TRAINING, "w3", second(7), second(37), 3));
        assertEquals("job-1", queue.claim(List.of("tuning", "training"), "w3", second(7), second(37), 3).orElseThrow().id());
    }

    @Test
    default void theHolderRenewsReportsAndFinishesOthersCannot() {
        var queue = createQueue();
        queue.enqueue(job("job-1", "training", 0));
        queue.claim(TRAINING, "w1", second(1), second(31), 3);
        assertTrue(queue.heartbeat("job-1", "w1", second(50)));
        assertFalse(queue.heartbeat("job-1", "w2", second(60)));
        assertEquals(second(50), queue.find("job-1").orElseThrow().leaseUntil());
        assertTrue(queue.progress("job-1", "w1", "fold 1 of 3"));
        assertTrue(queue.progress("job-1", "w1", "fold 2 of 3 ✓"));
        assertFalse(queue.progress("job-1", "w2", "not mine"));
        assertEquals(List.of("fold 1 of 3", "fold 2 of 3 ✓"), queue.find("job-1").orElseThrow().progress());
        assertFalse(queue.finish("job-1", "w2", Job.State.SUCCEEDED, Map.of(), null, second(9)));
        assertTrue(queue.finish("job-1", "w1", Job.State.SUCCEEDED, Map.of("version", "arima_v3"), null, second(10)));
        var done = queue.find("job-1").orElseThrow();
        assertEquals(Job.State.SUCCEEDED, done.state());
        assertEquals(Map.of("version", "arima_v3"), done.result());
        assertEquals(second(10), done.finished());
        assertTrue(done.done());
        assertFalse(queue.heartbeat("job-1", "w1", second(70)), "an ended job has no lease to renew");
        assertFalse(queue.progress("job-1", "w1", "late"));
        assertEquals(Optional.empty(), queue.claim(TRAINING, "w2", second(200), second(230), 3), "an ended job is never taken again");
    }

    @Test
    default void aJobWhoseLeaseExpiredIsTakenAgainThenFailedAfterItsLastAttempt() {
        var queue = createQueue();
        queue.enqueue(job("job-1", "training", 0));
        queue.claim(TRAINING, "w1", second(1), second(31), 2);
        assertEquals(Optional.empty(), queue.claim(TRAINING, "w2", second(30), second(60), 2), "the lease still holds");
        var again = queue.claim(TRAINING, "w2", second(32), second(62), 2).orElseThrow();
        assertEquals(2, again.attempts());
        assertEquals("w2", again.holder());
        assertEquals(second(1), again.started(), "started when first taken");
        assertFalse(queue.progress("job-1", "w1", "the first holder lost it"));
        assertFalse(queue.finish("job-1", "w1", Job.State.SUCCEEDED, Map.of(), null, second(33)));
        assertEquals(Optional.empty(), queue.claim(TRAINING, "w3", second(63), second(93), 2));
        var failed = queue.find("job-1").orElseThrow();
        assertEquals(Job.State.FAILED, failed.state());
        assertEquals(Job.leaseExpired(2, "w2"), failed.error());
        assertEquals(second(63), failed.finished());
    }

    @Test
    default void cancellingAQueuedJobEndsItARunningOneIsAskedToStop() {
        var queue = createQueue();
        queue.enqueue(job("job-1", "training", 0));
        queue.enqueue(job("job-2", "training", 1));
        var running = queue.claim(TRAINING, "w1", second(2), second(32), 3).orElseThrow();
        var cancelled = queue.cancel("job-2", second(3)).orElseThrow();
        assertEquals(Job.State.CANCELLED, cancelled.state());
        assertEquals(second(3), cancelled.finished());
        assertEquals(Optional.empty(), queue.claim(TRAINING, "w2", second(4), second(34), 3));
        var asked = queue.cancel(running.id(), second(5)).orElseThrow();
        assertEquals(Job.State.RUNNING, asked.state());
        assertTrue(asked.cancelRequested());
        assertFalse(queue.progress("job-1", "w1", "next fold"), "a progress point tells the holder to stop");
        assertTrue(queue.finish("job-1", "w1", Job.State.CANCELLED, Map.of(), "cancelled", second(6)));
        assertEquals(Job.State.CANCELLED, queue.cancel("job-1", second(7)).orElseThrow().state());
        assertEquals(Optional.empty(), queue.cancel("job-9", second(7)));
    }

    @Test
    default void concurrentClaimsNeverTakeTheSameJobTwice() throws Exception {
        var queue = createQueue();
        for (int i = 0; i < 40; i++) queue.enqueue(job("job-" + i, "training", i));
        var taken = Collections.synchronizedList(new ArrayList<String>());
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int w = 0; w < 4; w++) {
                String worker = "w" + w;
                pool.submit(() -> {
                    start.await();
                    Optional<Job> j;
                    while ((j = queue.claim(TRAINING, worker, second(100), second(130), 3)).isPresent()) taken.add(j.get().id());
                    return null;
                });
            }
            start.countDown();
        }
        assertEquals(40, taken.size());
        assertEquals(40, taken.stream().distinct().count());
    }
}
