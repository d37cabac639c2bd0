package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ExplainVerbosity;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/**
 * The online snapshot: taken while commands keep writing, the copy opens cleanly, holds every
 * document committed before it started (and, the store being copy-on-write from a fixed point,
 * nothing written after), and its indexes agree with its documents so the planner serves queries
 * from them on the restored copy.
 */
class SnapshotTest {

    private static final Document BY_FOLDER = new Document("ownerId", 1).append("folderId", 1).append("createdAt", -1);
    private static final Document BY_TAG = new Document("tags", 1);

    @TempDir
    Path dir;

    private static Document doc(int id, String writer) {
        return new Document("_id", id).append("ownerId", id % 3).append("folderId", id % 7).append("createdAt", id)
                .append("writer", writer).append("tags", List.of("t" + id % 5, "u" + id % 11))
                .append("payload", "x".repeat(200 + id % 300));
    }

    private static void prepare(MongoCollection<Document> files, int count) {
        files.createIndex(BY_FOLDER);
        files.createIndex(BY_TAG);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(doc(i, "preload"));
            if (batch.size() == 500) {
                files.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            files.insertMany(batch);
        }
    }

    @Test
    void aSnapshotTakenWhileWritersInsertHoldsEveryAcknowledgedDocumentWithItsIndexes() throws Exception {
        Path file = dir.resolve("live.mv");
        Path copy = dir.resolve("backup/db/opendrive.mv");
        Map<Integer, Document> acknowledgedBefore;
        int acknowledgedAtEnd;
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            MongoCollection<Document> files = engine.db().getCollection("files");
            prepare(files, 3000);
            Map<Integer, Document> acknowledged = new ConcurrentHashMap<>();
            for (int i = 0; i < 3000; i++) {
                acknowledged.put(i, doc(i, "preload"));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger(1_000_000);
            AtomicInteger writtenDuringCopy = new AtomicInteger();
            CountDownLatch copyStarted = new CountDownLatch(1);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String name = "writer-" + w;
                running.add(writers.submit(() -> {
                    while (!stop.get()) {
                        int id = next.incrementAndGet();
                        Document d = doc(id, name);
                        files.insertOne(d);
                        acknowledged.put(id, d);
                        if (copyStarted.getCount() == 0) {
                            writtenDuringCopy.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            while (acknowledged.size() < 3500) {
                Thread.sleep(5);
            }
            // the copy waits until the writers have written 300 more documents after the snapshot's
            // point, so the writes and the copy overlap whatever the machine's speed
            engine.backend.snapshotCopyStep = () -> {
                copyStarted.countDown();
                while (writtenDuringCopy.get() < 300) {
                    Thread.onSpinWait();
                }
            };
            acknowledgedBefore = new HashMap<>(acknowledged);
            IndexedH2Backend.Snapshot snapshot = engine.backend.snapshot(copy);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(1, TimeUnit.MINUTES);
            }
            writers.shutdown();
            acknowledgedAtEnd = acknowledged.size();
            assertThat(snapshot.file()).isEqualTo(copy.toAbsolutePath());
            assertThat(snapshot.bytes()).isEqualTo(Files.size(copy));
            assertThat(writtenDuringCopy.get()).isGreaterThanOrEqualTo(300);
            // the live database goes on as before, reusing space again
            files.insertOne(new Document("_id", -1));
            assertThat(files.countDocuments()).isEqualTo(acknowledgedAtEnd + 1);
        }

        assertIndexesCountEveryDocument(copy);
        try (EngineServer restored = new EngineServer(IndexedH2Backend.open(copy))) {
            MongoCollection<Document> files = restored.db().getCollection("files");
            Map<Integer, Document> inCopy = new HashMap<>();
            files.find().forEach(d -> inCopy.put(d.getInteger("_id"), d));
            assertThat(inCopy).containsAllEntriesOf(acknowledgedBefore);
            assertThat(inCopy.size()).isLessThan(acknowledgedAtEnd);
            assertQueriesUseAgreeingIndexes(restored, new ArrayList<>(inCopy.values()));
        }
    }

    @Test
    void whatIsWrittenAfterTheSnapshotStartedIsNotInItAndCannotTearIt() throws Exception {
        Path file = dir.resolve("live.mv");
        Path copy = dir.resolve("snap.mv");
        Map<Integer, Document> before = new HashMap<>();
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            MongoCollection<Document> files = engine.db().getCollection("files");
            prepare(files, 4000);
            files.find().forEach(d -> before.put(d.getInteger("_id"), d));
            // chunks that die are freed at once instead of 45 s later: the space the snapshot's own
            // chunks occupy is free for the writes below as soon as they replace them
            engine.backend.getMvStore().setRetentionTime(0);
            AtomicBoolean once = new AtomicBoolean();
            // after the snapshot's point and before its bytes are copied: updates and deletes of
            // its documents, then inserts, an index created and one dropped, all committed into the
            // file being copied
            engine.backend.snapshotCopyStep = () -> {
                if (!once.compareAndSet(false, true)) {
                    return;
                }
                files.updateMany(Filters.lt("_id", 1000), Updates.set("writer", "changed after"));
                files.deleteMany(Filters.and(Filters.gte("_id", 1000), Filters.lt("_id", 2000)));
                for (int i = 0; i < 3000; i++) {
                    files.insertOne(doc(10_000 + i, "after"));
                }
                files.createIndex(new Document("writer", 1));
                files.dropIndex(BY_TAG);
            };
            engine.backend.snapshot(copy);
            assertThat(once).isTrue();
            assertThat(files.countDocuments()).isEqualTo(4000 + 3000 - 1000);
        }

        assertIndexesCountEveryDocument(copy);
        try (EngineServer restored = new EngineServer(IndexedH2Backend.open(copy))) {
            MongoCollection<Document> files = restored.db().getCollection("files");
            Map<Integer, Document> inCopy = new HashMap<>();
            files.find().forEach(d -> inCopy.put(d.getInteger("_id"), d));
            List<Integer> differing = before.keySet().stream().filter(id -> !before.get(id).equals(inCopy.get(id)))
                    .sorted().toList();
            List<Integer> added = inCopy.keySet().stream().filter(id -> !before.containsKey(id)).sorted().toList();
            assertThat(differing).as("documents missing or changed in the snapshot").isEmpty();
            assertThat(added).as("documents written after the snapshot's point").isEmpty();
            List<String> indexes = files.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>());
            assertThat(indexes).containsExactlyInAnyOrder("_id_", "ownerId_1_folderId_1_createdAt_-1", "tags_1");
            assertQueriesUseAgreeingIndexes(restored, new ArrayList<>(inCopy.values()));
        }
    }

    @Test
    void oneSnapshotAtATimeAndNeverOverAnExistingFile() throws Exception {
        Path file = dir.resolve("live.mv");
        try (EngineServer engine = new EngineServer(IndexedH2Backend.open(file))) {
            prepare(engine.db().getCollection("files"), 100);
            Path existing = Files.writeString(dir.resolve("existing.mv"), "keep me");
            assertThatThrownBy(() -> engine.backend.snapshot(existing)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Files.readString(existing)).isEqualTo("keep me");

            CountDownLatch copying = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            engine.backend.snapshotCopyStep = () -> {
                copying.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            ExecutorService first = Executors.newSingleThreadExecutor();
            Future<IndexedH2Backend.Snapshot> running = first.submit(() -> engine.backend.snapshot(dir.resolve("one.mv")));
            copying.await();
            assertThatThrownBy(() -> engine.backend.snapshot(dir.resolve("two.mv")))
                    .isInstanceOf(IndexedH2Backend.SnapshotInProgressException.class);
            assertThat(dir.resolve("two.mv")).doesNotExist();
            release.countDown();
            assertThat(running.get(1, TimeUnit.MINUTES).file()).exists();
            first.shutdown();
            assertThat(dir.resolve("one.mv.partial")).doesNotExist();
            // the second one may run now
            engine.backend.snapshotCopyStep = null;
            assertThat(engine.backend.snapshot(dir.resolve("two.mv")).file()).exists();
        }
    }

    @Test
    void closingCutsARunningSnapshotShortAndLeavesNoPartialFile() throws Exception {
        Path file = dir.resolve("live.mv");
        EngineServer engine = new EngineServer(IndexedH2Backend.open(file));
        prepare(engine.db().getCollection("files"), 100);
        CountDownLatch copying = new CountDownLatch(1);
        AtomicBoolean closeCalled = new AtomicBoolean();
        engine.backend.snapshotCopyStep = () -> {
            copying.countDown();
            while (!closeCalled.get()) {
                Thread.onSpinWait();
            }
        };
        ExecutorService snapshotter = Executors.newSingleThreadExecutor();
        Future<IndexedH2Backend.Snapshot> running = snapshotter.submit(() -> engine.backend.snapshot(dir.resolve("cut.mv")));
        copying.await();
        Thread closer = new Thread(engine.backend::close);
        closer.start();
        while (closer.getState() != Thread.State.WAITING && closer.isAlive()) {
            Thread.onSpinWait();
        }
        closeCalled.set(true);
        closer.join();
        engine.close();
        assertThatThrownBy(() -> running.get(1, TimeUnit.MINUTES)).hasMessageContaining("closing");
        snapshotter.shutdown();
        assertThat(dir.resolve("cut.mv")).doesNotExist();
        assertThat(dir.resolve("cut.mv.partial")).doesNotExist();
        try (EngineServer reopened = new EngineServer(IndexedH2Backend.open(file))) {
            assertThat(reopened.backend.wasUncleanShutdown()).isFalse();
            assertThat(reopened.db().getCollection("files").countDocuments()).isEqualTo(100);
        }
    }

    @Test
    void aDatabaseInMemoryHasNothingToSnapshot() {
        try (EngineServer engine = new EngineServer(IndexedH2Backend.inMemory())) {
            assertThatThrownBy(() -> engine.backend.snapshot(dir.resolve("x.mv")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in memory");
        }
    }

    /**
     * Before the engine opens the copy (which would rebuild an index that disagrees): each index
     * with one entry per document has exactly as many entries as the collection has documents.
     */
    private static void assertIndexesCountEveryDocument(Path copy) {
        MVStore raw = new MVStore.Builder().fileName(copy.toString()).readOnly().open();
        try {
            long documents = raw.openMap("databases.opendrive.files",
                    new MVMap.Builder<Object, Object>().keyType(new CompactKeyTypes.Ids())
                            .valueType((org.h2.mvstore.type.DataType) new DocumentValueType())).sizeAsLong();
            long entries = raw.openMap("opendrive.files._index_ownerId_1_folderId_1_createdAt_-1",
                    new MVMap.Builder<byte[], Object>().keyType(IndexKeyType.INSTANCE)).sizeAsLong();
            assertThat(documents).isPositive();
            assertThat(entries).isEqualTo(documents);
        } finally {
            raw.close();
        }
    }

    private static void assertQueriesUseAgreeingIndexes(EngineServer restored, List<Document> all) {
        MongoCollection<Document> files = restored.db().getCollection("files");
        Document validation = restored.db().runCommand(new Document("validate", "files").append("full", true));
        assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();

        var query = Filters.and(Filters.eq("ownerId", 1), Filters.eq("folderId", 3));
        Document plan = files.find(query).sort(Sorts.descending("createdAt")).explain(ExplainVerbosity.QUERY_PLANNER)
                .get("queryPlanner", Document.class).get("winningPlan", Document.class);
        assertThat(plan.toJson()).contains("IXSCAN").contains("ownerId_1_folderId_1_createdAt_-1").doesNotContain("COLLSCAN");
        List<Object> scanned = all.stream()
                .filter(d -> d.getInteger("ownerId") == 1 && d.getInteger("folderId") == 3)
                .sorted((a, b) -> Integer.compare(b.getInteger("createdAt"), a.getInteger("createdAt")))
                .map(d -> d.get("_id")).toList();
        assertThat(files.find(query).sort(Sorts.descending("createdAt")).map(d -> d.get("_id")).into(new ArrayList<>()))
                .isNotEmpty().containsExactlyElementsOf(scanned);
        List<Object> tagged = all.stream().filter(d -> d.getList("tags", String.class).contains("u4"))
                .map(d -> d.get("_id")).sorted().toList();
        assertThat(files.find(Filters.eq("tags", "u4")).map(d -> d.get("_id")).into(new ArrayList<>()))
                .containsExactlyInAnyOrderElementsOf(tagged);
    }
}
