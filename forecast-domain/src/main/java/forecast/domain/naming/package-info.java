/**
 * The rule for user-chosen names and ids ({@link forecast.domain.naming.NameRule}). It depends on
 * nothing, so that every other package may depend on it without a cycle.
 */
package forecast.domain.naming;
