/** Watching live models: input and accuracy drift, live accuracy and interval coverage, alerts, automatic rollback. */
package forecast.domain.monitoring;
