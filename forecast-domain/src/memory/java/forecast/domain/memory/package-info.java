/**
 * In-memory implementations of every port, for tests: they pass the same contract tests as the
 * database adapters ({@code forecast-domain/src/contract/java}), so a test may stand them in for
 * the database. They are test fixtures, not production code: this folder
 * ({@code forecast-domain/src/memory/java}) is compiled into each module's tests (the parent pom
 * adds it as a test source), and no module's main classes contain or export them; an ArchUnit rule
 * in {@code forecast-app} keeps it so.
 */
package forecast.domain.memory;
