/** The composition root: configuration, wiring of every adapter, first-start bootstrap and the CLI. */
module forecast.app {
    requires forecast.domain;
    requires forecast.adapters.ml;
    requires forecast.adapters.persistence;
    requires forecast.adapters.web;
    requires org.yaml.snakeyaml;
    requires java.logging;
}
