package dev.opendrive.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;

import de.bwaldvogel.mongo.MongoServer;
import dev.opendrive.config.DeploymentMode;
import dev.opendrive.config.OpenDriveConfig;

/** What the monolith's embedded default promises: data survives a restart, and a crash. */
class EmbeddedMongoDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void documentsAndUniqueIndexesSurviveARestart() {
        EmbeddedMongo first = new EmbeddedMongo(config(dataDir));
        try (MongoClient client = MongoClients.create(first.start())) {
            var users = client.getDatabase("opendrive").getCollection("users");
            users.createIndex(new Document("email", 1), new IndexOptions().unique(true));
            users.insertOne(new Document("email", "a@example.com").append("role", "admin"));
        } finally {
            first.stop();
        }
        EmbeddedMongo second = new EmbeddedMongo(config(dataDir));
        try (MongoClient client = MongoClients.create(second.start())) {
            var users = client.getDatabase("opendrive").getCollection("users");
            Document found = users.find(new Document("email", "a@example.com")).first();
            assertThat(found).isNotNull();
            assertThat(found.getString("role")).isEqualTo("admin");
            org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> users.insertOne(new Document("email", "a@example.com")))
                    .hasMessageContaining("duplicate key");
        } finally {
            second.stop();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        Path file = dataDir.resolve("crash.mv");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedCrashWriter.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAck = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Integer.parseInt(line.substring(4));
                    if (lastAck >= 300) {
                        break;
                    }
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAck).isGreaterThanOrEqualTo(300);

        DurableH2Backend backend = new DurableH2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        var address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            var docs = client.getDatabase("opendrive").getCollection("files");
            long survivors = docs.countDocuments(new Document("_id", new Document("$lte", lastAck)));
            assertThat(survivors).as("acknowledged writes after kill -9").isEqualTo(lastAck);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    static OpenDriveConfig config(Path dataDir) {
        return new OpenDriveConfig() {
            @Override
            public DeploymentMode deploymentMode() {
                return DeploymentMode.MONOLITH;
            }

            @Override
            public Path dataDir() {
                return dataDir;
            }

            @Override
            public String serviceName() {
                return "test";
            }

            @Override
            public Storage storage() {
                return new Storage() {
                    @Override
                    public String provider() {
                        return "local";
                    }

                    @Override
                    public Optional<Path> path() {
                        return Optional.empty();
                    }

                    @Override
                    public long maxFileSize() {
                        return 1024;
                    }
                };
            }
        };
    }

}
