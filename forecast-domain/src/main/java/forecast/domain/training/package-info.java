/** The train-and-register use case. */
package forecast.domain.training;
