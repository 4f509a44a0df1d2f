/** The automated retraining pipeline: triggers, recorded steps, candidate against live, deploy or canary, automatic rollback. */
package forecast.domain.pipeline;
