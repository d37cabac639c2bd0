package dev.opendrive.api.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.opendrive.testing.TempDataDirTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app on the monolith's own embedded database in a fresh DATA_DIR (no MONGODB_URI, none of the
 * suite's global test resources), for what only the embedded database does (backups, kept folder
 * listings and downloads) and for the packaged monolith (MonolithIT). Subclasses add their own
 * settings with {@link #more()}.
 */
public class EmbeddedDatabaseProfile implements QuarkusTestProfile {

    @Override
    public final Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(more());
        // The launcher of a packaged app hands it every quarkus.* system property of the test JVM,
        // including the database name an earlier suite's MongoTestResource set there: restate the default.
        config.put("quarkus.mongodb.database", "opendrive");
        return config;
    }

    /** Settings of the subclass's own. */
    protected Map<String, String> more() {
        return Map.of();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TempDataDirTestResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
