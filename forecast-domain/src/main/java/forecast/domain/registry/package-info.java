/** Immutable model versions, their artifacts and the deployment history. */
package forecast.domain.registry;
