package dev.opendrive.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.searchindexer.SearchIndexConfig;
import dev.opendrive.searchindexer.SearchIndexer;

/** One re-index at a time per user and one full one; shutdown cancels a full one that still runs. */
class ReindexingTest {

    /** A re-index that runs until released (or interrupted). */
    static final class Blocking extends SearchIndexer {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();

        Blocking() {
            super(null, null, null, new SearchIndexConfig() {
                public int maxExtractedChars() {
                    return 1000;
                }

                public int maxContentTokens() {
                    return 100;
                }

                public Duration pdfTimeBudget() {
                    return Duration.ofSeconds(1);
                }
            });
        }

        @Override
        public Report reindexOwner(ObjectId ownerId) {
            return block();
        }

        @Override
        public Report reindexAll() {
            return block();
        }

        private Report block() {
            started.countDown();
            try {
                release.await();
                interrupted.complete(false);
                return new Report(1, 0, 0);
            } catch (InterruptedException e) {
                interrupted.complete(true);
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private final Blocking indexer = new Blocking();
    private final Reindexing reindexing = new Reindexing(indexer, ManagedExecutor.builder().maxAsync(1).build());

    @AfterEach
    void stop() {
        indexer.release.countDown();
        reindexing.stop();
    }

    @Test
    void aUsersReindexRefusesASecondOneOfTheSameUserWhileItRuns() throws Exception {
        ObjectId alice = new ObjectId();
        CompletableFuture<SearchIndexer.Report> first = CompletableFuture.supplyAsync(() -> reindexing.reindexOwner(alice));
        assertThat(indexer.started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> reindexing.reindexOwner(alice)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo(ErrorCode.REINDEX_RUNNING);
            assertThat(e.getMessage()).isEqualTo("A re-index of your files is already running");
        });

        indexer.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).indexed()).isEqualTo(1);
        assertThat(reindexing.reindexOwner(alice).indexed()).isEqualTo(1); // free again
    }

    @Test
    void aFullReindexRunsInTheBackgroundOneAtATime() throws Exception {
        reindexing.startReindexAll(); // returns at once
        assertThat(indexer.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(reindexing::startReindexAll).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo(ErrorCode.REINDEX_RUNNING);
            assertThat(e.getMessage()).isEqualTo("A full re-index is already running");
        });

        indexer.release.countDown();
        assertThat(indexer.interrupted.get(10, TimeUnit.SECONDS)).isFalse();
        for (int i = 0; i < 100; i++) { // the run clears its flag right after it returned
            try {
                reindexing.startReindexAll();
                return;
            } catch (ApiException stillRunning) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("a second full re-index could not start after the first one ended");
    }

    @Test
    void shutdownCancelsAFullReindexThatStillRuns() throws Exception {
        reindexing.startReindexAll();
        assertThat(indexer.started.await(10, TimeUnit.SECONDS)).isTrue();

        reindexing.stop();

        assertThat(indexer.interrupted.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
