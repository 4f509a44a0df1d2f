/**
 * Opens the database, applies the migrations of the repository's {@code db/} folder, and hands out
 * the domain's storage ports ({@link forecast.domain.registry.ModelRegistry},
 * {@link forecast.domain.observation.ObservationStore}) backed by it.
 */
package forecast.adapters.persistence;
