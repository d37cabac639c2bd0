package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

/**
 * kill -9 in the middle of inserts, updates and deletes of indexed documents: after the restart
 * every acknowledged write is there, nothing of a command is half applied, and every index agrees
 * with the documents (and answers as a full scan does).
 */
class CrashConsistencyTest {

    @TempDir
    Path dir;

    @Test
    void documentsAndIndexesAgreeAfterKillMinus9() throws Exception {
        Path file = dir.resolve("crash.mv");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Integer.parseInt(line.substring(4));
                    if (acknowledged >= 600) {
                        break;
                    }
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final commit
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).isGreaterThanOrEqualTo(600);

        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            assertThat(engine.backend.wasUncleanShutdown()).isTrue();
            MongoCollection<Document> files = engine.db().getCollection("files");
            List<Document> all = files.find().sort(new Document("_id", 1)).into(new ArrayList<>());
            TreeMap<Integer, Document> actual = new TreeMap<>();
            all.forEach(d -> actual.put(d.getInteger("_id"), d));
            assertThat(CrashWriter.expected(acknowledged)).as("survivors after ack %d", acknowledged).contains(actual);

            Document validation = engine.db().runCommand(new Document("validate", "files").append("full", true));
            assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
            for (int owner = 0; owner < 3; owner++) {
                for (int folder : new int[] {0, 3, 100, 101}) {
                    int o = owner;
                    List<Object> scanned = all.stream()
                            .filter(d -> d.getInteger("ownerId") == o && d.getInteger("folderId") == folder)
                            .map(d -> d.get("_id")).toList();
                    List<Object> indexed = files.find(Filters.and(Filters.eq("ownerId", owner), Filters.eq("folderId", folder)))
                            .map(d -> d.get("_id")).into(new ArrayList<>());
                    assertThat(indexed).containsExactlyElementsOf(scanned);
                }
            }
            for (String tag : new String[] {"t1", "u2"}) {
                List<Object> scanned = all.stream().filter(d -> d.getList("tags", String.class).contains(tag))
                        .map(d -> d.get("_id")).toList();
                assertThat(files.find(Filters.eq("tags", tag)).map(d -> d.get("_id")).into(new ArrayList<>()))
                        .containsExactlyElementsOf(scanned);
            }
        }
    }

    @Test
    void aCleanCloseIsNotReportedAsACrash() {
        Path file = dir.resolve("clean.mv");
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            engine.db().getCollection("files").insertOne(new Document("_id", 1));
        }
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            assertThat(engine.backend.wasUncleanShutdown()).isFalse();
            assertThat(engine.db().getCollection("files").countDocuments()).isEqualTo(1);
        }
    }
}
