package forecast.domain.experiment;

import forecast.domain.registry.ModelVersion;
import java.util.Optional;

/**
 * Which version an arm's reference names (port, implemented by serving's live models): an
 * experiment's arms must be versions that can serve. Owned here so that experiments do not depend
 * on serving, which routes its traffic through them.
 */
public interface ArmVersions {
    /** The servable version of {@code model} that {@code reference} (an id or a label) names. */
    Optional<ModelVersion> armVersion(String model, String reference);
}
