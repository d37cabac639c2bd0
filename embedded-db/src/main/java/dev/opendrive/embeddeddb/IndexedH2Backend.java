package dev.opendrive.embeddeddb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The MongoDB-wire engine of the embedded database: mongo-java-server's H2 MVStore backend with
 * real secondary indexes (compound, multikey) and a query planner that uses them.
 * <p>
 * Durability and consistency: the store never commits on its own (no background writer, no
 * commit when unsaved memory grows); every write command runs under one lock and is committed
 * before it is acknowledged. So an acknowledged write survives a kill -9, and a crash can only
 * lose the command in flight, never part of one: documents and their index entries are always
 * committed together. Chunk compaction, which the background writer would do, runs under the same
 * lock between commands.
 */
public final class IndexedH2Backend extends H2Backend {

    private static final Logger LOG = LoggerFactory.getLogger(IndexedH2Backend.class);

    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");
    // "$" cannot start a database name, so no database drop ever removes this map
    private static final String ENGINE_MAP = "$engine";
    /** Collections this large get a warning when a query reads all of them. */
    private static final long LARGE_COLLECTION = 10_000;
    private static final int CLOSE_COMPACTION_MS = 3_000;

    /** Tuning of the store. */
    public record Options(int cacheSizeMb) {
        public static Options defaults() {
            return new Options(32);
        }
    }

    // fair, so that compaction gets its turn between the commands of a long import
    private final ReentrantLock writes = new ReentrantLock(true);
    /** When the last command of any kind arrived: compaction waits for a quiet moment. */
    private volatile long lastCommandNanos = System.nanoTime();
    private final boolean uncleanShutdown;
    private final ScheduledExecutorService housekeeping;
    private final Set<String> warnedScans = ConcurrentHashMap.newKeySet();
    /** Queries run since the last reset, by namespace, plan and shape (bounded). */
    private final ConcurrentHashMap<List<String>, PlanCounts> plans = new ConcurrentHashMap<>();

    /** How often a query shape ran, the documents it read and returned, and its worst surplus read. */
    private static final class PlanCounts {
        final LongAdder count = new LongAdder();
        final LongAdder examined = new LongAdder();
        final LongAdder returned = new LongAdder();
        final java.util.concurrent.atomic.AtomicLong maxSurplus = new java.util.concurrent.atomic.AtomicLong();

        void add(long docsExamined, long docsReturned) {
            count.increment();
            examined.add(docsExamined);
            returned.add(docsReturned);
            maxSurplus.accumulateAndGet(docsExamined - docsReturned, Math::max);
        }
    }
    private static final int MAX_PLAN_SHAPES = 10_000;
    private volatile QueryObserver observer;
    /** Null only while the superclass constructor opens the existing collections (no writes then). */
    private final OwnerStamps stamps = new OwnerStamps();

    /** One snapshot at a time; {@link #close()} waits for (and cuts short) the one running. */
    private final ReentrantLock snapshots = new ReentrantLock();
    private volatile boolean closing;
    /** Called before each step of a snapshot's copy (tests: writes that land while it copies). */
    volatile Runnable snapshotCopyStep;
    /** The store header: its first two blocks, rewritten in place by later commits. */
    private static final int HEADER_BYTES = 2 * 4096;
    private static final long COPY_STEP_BYTES = 8L * 1024 * 1024;

    /** A snapshot written by {@link #snapshot(Path)}: its file, size and the store version it holds at least. */
    public record Snapshot(Path file, long bytes, long version) {
    }

    /** Another snapshot of this database is still being written. */
    public static final class SnapshotInProgressException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SnapshotInProgressException() {
            super("a snapshot of this database is already being written");
        }
    }

    private IndexedH2Backend(MVStore store) {
        super(store);
        MVMap<String, Object> engine = store.openMap(ENGINE_MAP);
        this.uncleanShutdown = Boolean.TRUE.equals(engine.get("open"));
        engine.put("open", Boolean.TRUE);
        store.commit();
        if (store.getFileStore() != null) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "embedded-db-housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(this::compact, 500, 500, TimeUnit.MILLISECONDS);
        } else {
            housekeeping = null;
        }
    }

    /** Opens (or creates) the database file. */
    public static IndexedH2Backend open(Path file, Options options) {
        LOG.info("opening MVStore in '{}'", file);
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
                .autoCommitBufferSize(0).cacheSize(options.cacheSizeMb()).open();
        return new IndexedH2Backend(store);
    }

    public static IndexedH2Backend open(Path file) {
        return open(file, Options.defaults());
    }

    /** A database in memory only (tests). */
    public static IndexedH2Backend inMemory() {
        return new IndexedH2Backend(new MVStore.Builder().autoCommitDisabled().open());
    }

    /** True when the previous process using this file did not close it (crash, kill -9). */
    public boolean wasUncleanShutdown() {
        return uncleanShutdown;
    }

    /** Receives every query a collection runs with the plan it chose (for tests and diagnostics). */
    public void setQueryObserver(QueryObserver observer) {
        this.observer = observer;
    }

    CursorRegistry cursors() {
        return getCursorRegistry();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        IndexedH2Database.OPENING.set(this);
        try {
            return new IndexedH2Database(databaseName, this);
        } finally {
            IndexedH2Database.OPENING.remove();
        }
    }

    /**
     * A number that changes whenever a document whose {@code ownerId} is this owner (the 12 bytes of
     * its ObjectId) changes, in any collection of this backend (see {@link OwnerStamps}).
     */
    public long ownerStamp(byte[] ownerId) {
        return stamps.stamp(new de.bwaldvogel.mongo.bson.ObjectId(ownerId));
    }

    void ownerChanged(Document document) {
        if (stamps != null) {
            stamps.changed(document);
        }
    }

    void allChanged() {
        if (stamps != null) {
            stamps.changedAll();
        }
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        lastCommandNanos = System.nanoTime();
        if ("planStats".equalsIgnoreCase(command)) {
            return planStats(Utils.isTrue(query.get("reset")));
        }
        if (!isWrite(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        writes.lock();
        try {
            Document reply = super.handleCommand(channel, databaseName, command, query);
            if ("dropdatabase".equalsIgnoreCase(command)) {
                allChanged(); // its collections go without a drop of their own
            }
            return reply;
        } finally {
            // also after a failure: what the command wrote before failing is committed with it
            commit();
            writes.unlock();
        }
    }

    private static boolean isWrite(String command, Document query) {
        if (command == null) {
            return false;
        }
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            // only $out and $merge make an aggregation write
            return query.get("pipeline") instanceof java.util.Collection<?> stages && stages.stream()
                    .anyMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
        }
        return WRITE_COMMANDS.contains(name);
    }

    /**
     * {@code {planStats: 1}}: every query shape run since the last reset with the plan it got
     * (COLLSCAN = every document read), how often, and the documents it read and returned;
     * {@code reset: true} starts over.
     */
    private Document planStats(boolean reset) {
        List<Document> rows = new ArrayList<>();
        plans.forEach((key, counts) -> {
            Document row = new Document("ns", key.get(0));
            row.put("plan", key.get(1));
            row.put("indexes", key.get(2));
            row.put("shape", key.get(3));
            row.put("count", counts.count.sum());
            row.put("docsExamined", counts.examined.sum());
            row.put("returned", counts.returned.sum());
            // documents read and not returned, at worst in one query: a plan that reads far more
            // than it returns has no index that fits it
            row.put("maxSurplus", counts.maxSurplus.get());
            rows.add(row);
        });
        rows.sort(Comparator.comparing((Document d) -> (String) d.get("ns")).thenComparing(d -> (String) d.get("shape")));
        if (reset) {
            plans.clear();
        }
        Document response = new Document("queries", rows);
        Utils.markOkay(response);
        return response;
    }

    void observe(String namespace, Document filter, Document sort, String plan, String indexes, long examined,
            long returned) {
        if (plans == null) {
            return; // the superclass constructor opening an existing file: nothing to report yet
        }
        String queryShape = shape(filter == null ? new Document() : filter)
                + (sort == null || sort.isEmpty() ? "" : " sort " + sort);
        List<String> key = List.of(namespace, plan, indexes, queryShape);
        PlanCounts counts = plans.get(key);
        if (counts == null && plans.size() < MAX_PLAN_SHAPES) {
            counts = plans.computeIfAbsent(key, k -> new PlanCounts());
        }
        if (counts != null) {
            counts.add(examined, returned);
        }
        QueryObserver o = observer;
        if (o != null) {
            o.onQuery(new QueryObserver.QueryEvent(namespace, filter, sort, plan, indexes));
        }
        if (plan.equals("COLLSCAN") && filter != null && !filter.isEmpty() && !namespace.contains(".system.")) {
            String shape = namespace + " " + shape(filter);
            if (warnedScans.size() < 1000 && !warnedScans.contains(shape)) {
                long size = getMvStore().hasMap("databases." + namespace)
                        ? getMvStore().openMap("databases." + namespace).sizeAsLong() : 0;
                if (size >= LARGE_COLLECTION && warnedScans.add(shape)) {
                    LOG.warn("query on {} reads all {} documents (no index serves it): {}", namespace, size,
                            shape(filter));
                }
            }
        }
    }

    /** The query's field names and operators without its values. */
    static String shape(Document filter) {
        StringBuilder out = new StringBuilder("{");
        filter.forEach((k, v) -> {
            out.append(k).append(':');
            if (v instanceof Document d) {
                out.append(shape(d));
            } else if (v instanceof java.util.List<?> list && !list.isEmpty() && list.get(0) instanceof Document d) {
                out.append('[').append(shape(d)).append(']');
            } else {
                out.append('?');
            }
            out.append(',');
        });
        return out.append('}').toString();
    }

    /** Chunks below this share of live data are rewritten. */
    private static final int TARGET_FILL = 60;
    /**
     * While commands keep coming, compaction runs only once the chunks are this sparse: its reads
     * and rewrites compete with requests for the cores and the heap (on 2 cores a continuous
     * compaction tripled the worst request latencies), so under load it only bounds the file's growth.
     */
    private static final int BUSY_FILL_FLOOR = 35;
    /** No command for this long counts as idle. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * Bytes of chunks rewritten per round (two rounds a second at most): small while busy, so a
     * command waits at most one short round and the pages in flight stay a few MiB of heap; larger
     * when idle.
     */
    private static final int COMPACT_BYTES_BUSY = 2 * 1024 * 1024;
    private static final int COMPACT_BYTES_IDLE = 8 * 1024 * 1024;
    /** Rounds that raised the fill rate by less than a point in a row before compaction rests. */
    private static final int FUTILE_ROUNDS = 20;
    private int futileRounds;
    private long restUntilNanos;

    /**
     * Rewrites sparsely used chunks, as the store's own background writer would: every commit writes
     * the B-tree pages it changed anew, so random index inserts (name trigrams, words) leave chunks
     * mostly dead. It runs in quiet moments until the chunks are {@value #TARGET_FILL}% live, and
     * under load only when they are below {@value #BUSY_FILL_FLOOR}%; when rounds stop raising the
     * fill rate (pages rewritten as fast as they die), it rests for a minute instead of spinning.
     */
    private void compact() {
        MVStore store = getMvStore();
        long now = System.nanoTime();
        if (store.isClosed() || now < restUntilNanos || snapshots.isLocked()) {
            // while a snapshot copies, every rewritten chunk would only be appended to the file
            return;
        }
        int fill = store.getFileStore().getChunksFillRate();
        boolean idle = now - lastCommandNanos > IDLE_NANOS;
        if (fill >= TARGET_FILL || (!idle && fill >= BUSY_FILL_FLOOR)) {
            futileRounds = 0;
            return;
        }
        writes.lock();
        try {
            if (!store.isClosed() && store.compact(TARGET_FILL, idle ? COMPACT_BYTES_IDLE : COMPACT_BYTES_BUSY)) {
                commit();
            }
        } catch (RuntimeException e) {
            LOG.warn("compaction of the embedded database failed: {}", e.toString());
        } finally {
            writes.unlock();
        }
        if (store.isClosed()) {
            return;
        }
        if (store.getFileStore().getChunksFillRate() > fill) {
            futileRounds = 0;
        } else if (++futileRounds >= FUTILE_ROUNDS) {
            futileRounds = 0;
            restUntilNanos = now + TimeUnit.MINUTES.toNanos(1);
            LOG.debug("compaction rests: chunks stay {}% live", fill);
        }
    }

    /**
     * Writes a consistent copy of the database file to {@code target} (which must not exist) while
     * commands go on: an online backup, no stop needed.
     * <p>
     * How (what H2's own BACKUP does for an MVStore, made exact): under the write lock (a pause of
     * one commit, not of the copy) everything acknowledged is committed, the store stops reusing
     * free space, and the header blocks and the end of the chunks in use are taken. From then on,
     * until the copy is done, every commit allocates its chunk after the chunks in use (the newest
     * chunk is always live, so that end never moves back), and nothing below it is written again
     * but the header, which was copied under the lock. So the bytes copied afterwards, without the
     * lock, are exactly the committed version of that moment; opening the copy finds its newest
     * chunk set as after a crash. Space reuse is restored afterwards (the file grows by the writes
     * made during the copy, which compaction reclaims later).
     *
     * @throws SnapshotInProgressException while another snapshot is being written
     * @throws FileAlreadyExistsException if {@code target} exists
     */
    public Snapshot snapshot(Path target) throws IOException {
        MVStore store = getMvStore();
        if (store.getFileStore() == null) {
            throw new IllegalStateException("a database in memory has no file to snapshot");
        }
        if (!snapshots.tryLock()) {
            throw new SnapshotInProgressException();
        }
        try {
            if (closing || store.isClosed()) {
                throw new IllegalStateException("the database is closed");
            }
            Path destination = target.toAbsolutePath().normalize();
            if (Files.exists(destination)) {
                throw new FileAlreadyExistsException(destination.toString());
            }
            Files.createDirectories(destination.getParent());
            Path partial = destination.resolveSibling(destination.getFileName() + ".partial");
            Path source = Path.of(store.getFileStore().getFileName());
            long bytes;
            long version;
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
                long end;
                boolean reused;
                writes.lock();
                try {
                    commit();
                    version = store.getCurrentVersion();
                    reused = store.isSpaceReused();
                    store.setReuseSpace(false);
                    end = lengthInUse(store, in);
                    while (header.hasRemaining() && in.read(header, header.position()) > 0) {
                        // the header is written in place by commits: read it whole while none runs
                    }
                } finally {
                    writes.unlock();
                }
                try {
                    header.flip();
                    while (header.hasRemaining()) {
                        out.write(header);
                    }
                    copy(in, out, HEADER_BYTES, end);
                    out.force(true);
                    bytes = out.size();
                } finally {
                    writes.lock();
                    try {
                        if (!store.isClosed()) {
                            store.setReuseSpace(reused);
                        }
                    } finally {
                        writes.unlock();
                    }
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(destination.getParent());
            LOG.info("snapshot of the database (version {}, {} bytes) written to '{}'", version, bytes, destination);
            return new Snapshot(destination, bytes, version);
        } finally {
            snapshots.unlock();
        }
    }

    /**
     * Where the chunks in use end. The store knows it but does not publish it; without it the
     * whole file is copied, which also holds a consistent state: writes made during the copy into
     * free space at its end may then be copied whole, a slightly later committed state.
     */
    private static long lengthInUse(MVStore store, FileChannel file) throws IOException {
        long size = file.size();
        try {
            java.lang.reflect.Method method = org.h2.mvstore.RandomAccessStore.class
                    .getDeclaredMethod("getFileLengthInUse");
            method.setAccessible(true);
            long used = (long) method.invoke(store.getFileStore());
            if (used >= HEADER_BYTES && used <= size) {
                return used;
            }
            LOG.warn("the database file's length in use ({}) is not within its size ({}): copying all of it", used, size);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the database file's length in use is unknown ({}): copying all of it", e.toString());
        }
        return size;
    }

    private void copy(FileChannel in, FileChannel out, long from, long end) throws IOException {
        long position = from;
        while (position < end) {
            Runnable step = snapshotCopyStep;
            if (step != null) {
                step.run();
            }
            if (closing) {
                throw new IOException("the database is closing: snapshot abandoned");
            }
            long stepEnd = Math.min(end, position + COPY_STEP_BYTES);
            while (position < stepEnd) {
                long moved = in.transferTo(position, stepEnd - position, out);
                if (moved <= 0) {
                    // nothing below the length taken under the lock is ever cut off while space is not reused
                    throw new IOException("the database file ended at " + position + " of " + end + " bytes");
                }
                position += moved;
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced; the file itself was
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        // a snapshot still copying stops at its next step: closing moves chunks and shortens the file
        closing = true;
        snapshots.lock();
        try {
            closeStore();
        } finally {
            snapshots.unlock();
        }
    }

    private void closeStore() {
        writes.lock();
        try {
            MVStore store = getMvStore();
            if (!store.isClosed()) {
                store.openMap(ENGINE_MAP).put("open", Boolean.FALSE);
                store.commit();
                if (store.getFileStore() != null) {
                    // moves chunks into the space freed by compaction and shortens the file, for a
                    // bounded time: a shutdown must stay quick
                    store.compactFile(CLOSE_COMPACTION_MS);
                }
            }
            super.close();
        } finally {
            writes.unlock();
        }
    }
}
