/** The stored history of each series. */
package forecast.domain.observation;
