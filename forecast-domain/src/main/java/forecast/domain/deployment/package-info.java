/** Deploy and rollback: the rules of the live version. */
package forecast.domain.deployment;
