package dev.opendrive.api.search;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.searchindexer.SearchIndexer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place that knows which re-indexes run. A user's own re-index reads every file they have,
 * so it runs in the caller's request and one at a time per user. The operator's full re-index runs
 * in the background, one at a time, on a ManagedExecutor of this service (in Quarkus a view of its
 * worker pool that runs at most one task): it carries the starting request's context (trace), and
 * on shutdown a run still going is cancelled (interrupted) instead of being cut off wherever the
 * JVM happens to stop it.
 */
@ApplicationScoped
public class Reindexing {

    private static final Logger LOG = Logger.getLogger(Reindexing.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final SearchIndexer indexer;
    private final ManagedExecutor background;
    private final Set<ObjectId> runningOwners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean runningAll = new AtomicBoolean();

    @Inject
    public Reindexing(SearchIndexer indexer) {
        // the CDI request context of the starting request ends long before the run does: not propagated
        this(indexer, ManagedExecutor.builder().maxAsync(1).propagated(ThreadContext.ALL_REMAINING)
                .cleared(ThreadContext.CDI).build());
    }

    Reindexing(SearchIndexer indexer, ManagedExecutor background) {
        this.indexer = indexer;
        this.background = background;
    }

    /** Rebuilds the owner's entries now; 409 REINDEX_RUNNING while another re-index of theirs runs. */
    public SearchIndexer.Report reindexOwner(ObjectId owner) {
        if (!runningOwners.add(owner)) {
            throw ApiException.conflict(ErrorCode.REINDEX_RUNNING, "A re-index of your files is already running");
        }
        try {
            return indexer.reindexOwner(owner);
        } finally {
            runningOwners.remove(owner);
        }
    }

    /** Starts re-indexing every file of every user in the background; 409 REINDEX_RUNNING while one runs. */
    public void startReindexAll() {
        if (!runningAll.compareAndSet(false, true)) {
            throw ApiException.conflict(ErrorCode.REINDEX_RUNNING, "A full re-index is already running");
        }
        try {
            background.runAsync(this::reindexAll);
        } catch (RuntimeException e) { // shutting down
            runningAll.set(false);
            throw e;
        }
    }

    private void reindexAll() {
        long started = System.nanoTime();
        try {
            SearchIndexer.Report report = indexer.reindexAll();
            LogEvent.of("admin.reindex_done").with("indexed", report.indexed()).with("removed", report.removed())
                    .with("failed", report.failed()).durationSince(started).info(LOG);
        } catch (RuntimeException e) {
            LogEvent.of("admin.reindex_failed").outcome(background.isShutdown() ? "cancelled" : "failure")
                    .durationSince(started).error(LOG, e);
        } finally {
            runningAll.set(false);
        }
    }

    /** Cancels a full re-index that still runs and waits a little for it to stop. */
    @PreDestroy
    void stop() {
        background.shutdownNow();
        try {
            if (!background.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LogEvent.of("admin.reindex_failed").outcome("abandoned")
                        .with("detail", "still running " + STOP_WAIT_SECONDS + " s after it was cancelled").warn(LOG);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
