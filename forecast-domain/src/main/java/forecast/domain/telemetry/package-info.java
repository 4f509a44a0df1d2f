/** Counting and timing what the use cases do. */
package forecast.domain.telemetry;
