/** Time series values and their validation. */
package forecast.domain.series;
