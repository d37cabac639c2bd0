package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/**
 * Readers run beside writers that move, add and remove documents. What a reader gets must still be
 * what it asked for: only documents of the folder it listed, in index order, each whole (never a
 * document caught between its old and new values, as when the stock update code edited the stored
 * instance a reply was still being encoded from), and the indexes must agree with the documents after.
 */
class ConcurrentReadsTest {

    private static final Document BY_FOLDER = new Document("ownerId", 1).append("folderId", 1).append("createdAt", -1);

    @TempDir
    Path dir;

    private static Document doc(int id, int folder) {
        return new Document("_id", id).append("ownerId", 1).append("folderId", folder).append("createdAt", id)
                .append("name", "file-" + id).append("payload", "x".repeat(100 + id % 200));
    }

    @Test
    void readersSeeOnlyWholeMatchingDocumentsInIndexOrderWhileWritersMoveAddAndRemove() throws Exception {
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(dir.resolve("db.mv")))) {
            MongoCollection<Document> files = engine.db().getCollection("files");
            files.createIndex(BY_FOLDER);
            List<Document> seed = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                seed.add(doc(i, i % 40));
            }
            files.insertMany(seed);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            Set<String> problems = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> tasks = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                int seedValue = r;
                tasks.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seedValue);
                    while (!stop.get()) {
                        int folder = random.nextInt(40);
                        List<Document> listed = files.find(Filters.and(Filters.eq("ownerId", 1),
                                Filters.eq("folderId", folder))).sort(Sorts.descending("createdAt"))
                                .into(new ArrayList<>());
                        int previous = Integer.MAX_VALUE;
                        for (Document d : listed) {
                            if (d.getInteger("folderId") != folder) {
                                problems.add("folder " + folder + " listed " + d.toJson());
                            }
                            int created = d.getInteger("createdAt");
                            if (created > previous) {
                                problems.add("out of order in folder " + folder);
                            }
                            previous = created;
                            if (!("file-" + d.getInteger("_id")).equals(d.getString("name"))) {
                                problems.add("torn document " + d.toJson());
                            }
                        }
                        Document one = files.find(Filters.eq("_id", random.nextInt(3000))).first();
                        if (one != null && !("file-" + one.getInteger("_id")).equals(one.getString("name"))) {
                            problems.add("torn document by id " + one.toJson());
                        }
                        reads.incrementAndGet();
                    }
                }));
            }
            for (int w = 0; w < 2; w++) {
                int seedValue = 100 + w;
                tasks.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seedValue);
                    int next = 2000 + seedValue * 100_000;
                    while (!stop.get()) {
                        switch (random.nextInt(3)) {
                            case 0 -> files.updateOne(Filters.eq("_id", random.nextInt(2000)),
                                    Updates.set("folderId", random.nextInt(40)));
                            case 1 -> files.insertOne(doc(next++, random.nextInt(40)));
                            default -> files.deleteOne(Filters.eq("_id", random.nextInt(next)));
                        }
                        writes.incrementAndGet();
                    }
                }));
            }
            while (reads.get() < 3000 || writes.get() < 3000) {
                Thread.sleep(20);
                for (Future<?> task : tasks) {
                    if (task.isDone()) {
                        task.get(); // a reader or writer that died throws here
                    }
                }
            }
            stop.set(true);
            for (Future<?> task : tasks) {
                task.get();
            }
            pool.shutdown();

            assertThat(problems).isEmpty();
            Document validation = engine.db().runCommand(new Document("validate", "files").append("full", true));
            assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
            List<Document> all = files.find().into(new ArrayList<>());
            for (int folder = 0; folder < 40; folder++) {
                int f = folder;
                List<Object> byIndex = files.find(Filters.and(Filters.eq("ownerId", 1), Filters.eq("folderId", folder)))
                        .sort(Sorts.descending("createdAt")).map(d -> d.get("_id")).into(new ArrayList<>());
                List<Object> byScan = all.stream().filter(d -> d.getInteger("folderId") == f)
                        .sorted((a, b) -> Integer.compare(b.getInteger("createdAt"), a.getInteger("createdAt")))
                        .map(d -> d.get("_id")).toList();
                assertThat(byIndex).as("folder %d", folder).isEqualTo(byScan);
            }
        }
    }
}
