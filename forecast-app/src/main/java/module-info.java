/** The composition root: configuration, wiring of every adapter, first-start bootstrap and the CLI. */
module forecast.app {
    requires forecast.domain;
    requires forecast.adapters.ml;
    requires forecast.adapters.persistence;
    requires forecast.adapters.web;
    requires org.yaml.snakeyaml;
    requires java.logging;
    requires java.net.http; // the client commands talk to a running server
    requires info.picocli;

    // picocli reads and sets the commands' annotated fields by reflection
    opens forecast.app to info.picocli;
    opens forecast.app.cli to info.picocli;
}
