package dev.opendrive.api.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;

import dev.opendrive.model.config.DeploymentMode;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.db.DatabaseConfig;

/**
 * What the monolith's embedded default promises across a restart (the crash cases are the engine's
 * own tests, in embedded-db).
 */
class EmbeddedMongoDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void documentsAndUniqueIndexesSurviveARestart() {
        EmbeddedMongo first = new EmbeddedMongo(config(dataDir), database());
        try (MongoClient client = MongoClients.create(first.start())) {
            var users = client.getDatabase("opendrive").getCollection("users");
            users.createIndex(new Document("email", 1), new IndexOptions().unique(true));
            users.insertOne(new Document("email", "a@example.com").append("role", "admin"));
        } finally {
            first.stop();
        }
        EmbeddedMongo second = new EmbeddedMongo(config(dataDir), database());
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

    static DatabaseConfig database() {
        return new DatabaseConfig() {
            @Override
            public Optional<String> uri() {
                return Optional.empty();
            }

            @Override
            public java.time.Duration serverSelectionTimeout() {
                return java.time.Duration.ofSeconds(5);
            }

            @Override
            public java.time.Duration connectTimeout() {
                return java.time.Duration.ofSeconds(5);
            }

            @Override
            public int maxPoolSize() {
                return 10;
            }

            @Override
            public int embeddedCacheMb() {
                return 16;
            }
        };
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
