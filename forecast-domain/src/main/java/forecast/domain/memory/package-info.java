/** In-memory implementations of every port, for tests and for running without a database. */
package forecast.domain.memory;
