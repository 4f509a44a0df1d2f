/** The predict use case and the live models kept in memory. */
package forecast.domain.serving;
