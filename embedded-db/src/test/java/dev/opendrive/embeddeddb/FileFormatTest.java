package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A database file written by the previous version (the stock H2 backend: Java-serialized
 * documents, secondary indexes ignored) opens with every document and type intact, gets its
 * secondary indexes built, and keeps working as documents move to BSON.
 */
class FileFormatTest {

    @TempDir
    Path dir;

    private static Document sample(int i) {
        return new Document("_id", new ObjectId()).append("n", i).append("big", 5_000_000_000L + i).append("d", 1.5 * i)
                .append("name", "file-" + i + "-été.txt").append("when", new Date(1_700_000_000_000L + i))
                .append("tags", List.of("a", "b" + i)).append("nested", new Document("x", i).append("y", List.of(1, 2)))
                .append("flag", i % 2 == 0).append("none", null);
    }

    @Test
    void aFileOfThePreviousVersionOpensWithEveryDocumentAndType() throws Exception {
        Path file = dir.resolve("old.mv");
        List<Document> written = new ArrayList<>();
        H2Backend old = new H2Backend(file.toString());
        old.version(ServerVersion.MONGO_5_0);
        MongoServer server = new MongoServer(old);
        var address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            var files = client.getDatabase("opendrive").getCollection("files");
            files.createIndex(new Document("name", 1), new IndexOptions().unique(true));
            files.createIndex(new Document("n", 1)); // ignored by the stock backend
            for (int i = 0; i < 300; i++) {
                Document d = sample(i);
                written.add(d);
                files.insertOne(d);
            }
        } finally {
            server.shutdownNow();
            old.close();
        }
        long oldSize = Files.size(file);

        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            var files = engine.db().getCollection("files");
            assertThat(files.find().sort(new Document("_id", 1)).into(new ArrayList<>())).isEqualTo(written);
            // the index the stock backend ignored is real now
            assertThat(files.countDocuments(Filters.gte("n", 290))).isEqualTo(10);
            Document n5 = files.find(Filters.eq("n", 5)).explain();
            assertThat(n5.toJson()).contains("IXSCAN").contains("n_1");
            // the unique index still holds
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.insertOne(sample(7).append("_id", new ObjectId())))
                    .hasMessageContaining("duplicate key");
            files.updateMany(Filters.lt("n", 150), Updates.set("touched", Instant.ofEpochMilli(1_800_000_000_000L)));
        }
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            var files = engine.db().getCollection("files");
            List<Document> now = files.find().sort(new Document("_id", 1)).into(new ArrayList<>());
            assertThat(now).hasSize(300);
            for (int i = 0; i < 300; i++) {
                Document expected = new Document(written.get(i));
                if (i < 150) {
                    expected.append("touched", new Date(1_800_000_000_000L));
                }
                assertThat(now.get(i)).isEqualTo(expected);
            }
            Document validation = engine.db().runCommand(new Document("validate", "files").append("full", true));
            assertThat(validation.getBoolean("valid")).isTrue();
        }
        System.out.printf("[FileFormatTest] file of 300 documents: %d bytes written by the stock backend, %d after updates%n",
                oldSize, Files.size(file));
    }
}
