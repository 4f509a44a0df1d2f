/**
 * Durable heavy work: a {@link forecast.domain.jobs.JobQueue} of jobs (training, tuning, ...) that
 * survives restarts, run by one pool of {@link forecast.domain.jobs.JobWorkers} with a
 * {@link forecast.domain.jobs.JobHandler} per kind.
 */
package forecast.domain.jobs;
