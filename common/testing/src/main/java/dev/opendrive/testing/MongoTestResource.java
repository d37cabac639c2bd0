package dev.opendrive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.testcontainers.mongodb.MongoDBContainer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.opendrive.embeddeddb.IndexedH2Backend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The database for API tests, by the project's chain: an address from the environment
 * (TEST_MONGODB_URI) -> a MongoDB container when a Docker engine answers -> an in-JVM
 * MongoDB-wire server started here. Also gives each test run its own data directory.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    private MongoServer embedded;
    private MongoDBContainer container;

    @Override
    public Map<String, String> start() {
        String uri = System.getenv("TEST_MONGODB_URI");
        String source = "environment";
        if (uri == null || uri.isBlank()) {
            if (DockerProbe.available()) {
                container = new MongoDBContainer("mongo:7.0");
                container.start();
                uri = container.getReplicaSetUrl("opendrive");
                source = "testcontainers";
            } else {
                // the monolith's own engine (in memory), so every API test also runs its indexes and planner
                embedded = new MongoServer(IndexedH2Backend.inMemory().version(ServerVersion.MONGO_5_0));
                var address = embedded.bind();
                uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
                source = "embedded mongo-java-server";
            }
        }
        System.out.println("[tests] MongoDB from " + source + ": " + uri.replaceAll("//[^@]*@", "//***@"));
        try {
            Path dataDir = Files.createTempDirectory("opendrive-test-data");
            return Map.of(
                    "opendrive.mongodb.uri", uri,
                    "quarkus.mongodb.database", "opendrive_test_" + ProcessHandle.current().pid(),
                    "opendrive.data-dir", dataDir.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }


    @Override
    public void stop() {
        if (embedded != null) {
            embedded.shutdownNow();
        }
        if (container != null) {
            container.stop();
        }
    }
}
