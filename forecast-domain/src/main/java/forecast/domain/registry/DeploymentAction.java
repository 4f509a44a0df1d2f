package forecast.domain.registry;

/** What a deployment event did to the live version. */
public enum DeploymentAction {
    /** Made a version live by request. */
    DEPLOY,
    /** Went back to an earlier live version. */
    ROLLBACK
}
