package dev.opendrive.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventData;
import dev.opendrive.model.events.EventType;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.storage.LocalStorageProvider;
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;

class ThumbnailHandlerTest {

    @TempDir
    Path dir;

    private LocalStorageProvider storage;
    private FakeDocuments documents;
    private ThumbnailHandler handler;

    @BeforeEach
    void setUp() {
        storage = new LocalStorageProvider(dir);
        documents = new FakeDocuments();
        handler = new ThumbnailHandler(documents, storage, config(100_000_000, 2, true));
    }

    @Test
    void uploadedImageGetsAThumbnailAndTheDocumentIsFlagged() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(1200, 800, 1), 0.9f), "image/jpeg");

        handler.handle(event(EventType.FILE_UPLOADED, file));

        String key = StorageKeys.thumbnail(file.id);
        assertThat(key).isEqualTo("thumbnails/" + file.id.toHexString() + "_thumb.jpg");
        BufferedImage thumbnail = TestImages.read(storage.open(key).readAllBytes());
        assertThat(thumbnail.getWidth()).isEqualTo(200);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
        FakeDocuments.Mark mark = documents.marks.get(file.id);
        assertThat(mark.key()).isEqualTo(key);
        assertThat(mark.at()).isBeforeOrEqualTo(Instant.now());
        assertThat(documents.marks).hasSize(1);
    }

    @Test
    void processingTheSameEventTwiceLeavesTheSameState() throws Exception {
        FileDocument file = store(TestImages.encode(TestImages.photoLike(900, 900, 2), "png"), "image/png");
        FileEvent event = event(EventType.FILE_UPLOADED, file);

        handler.handle(event);
        byte[] first = storage.open(StorageKeys.thumbnail(file.id)).readAllBytes();
        handler.handle(event);
        byte[] second = storage.open(StorageKeys.thumbnail(file.id)).readAllBytes();

        assertThat(second).isEqualTo(first);
        assertThat(documents.marks.get(file.id).key()).isEqualTo(StorageKeys.thumbnail(file.id));
        assertThat(listThumbnails()).hasSize(1);
    }

    @Test
    void missingFileIsANoOp() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 3), 0.9f), "image/jpeg");
        documents.files.remove(file.id);

        handler.handle(event(EventType.FILE_UPLOADED, file));

        assertThat(storage.exists(StorageKeys.thumbnail(file.id))).isFalse();
        assertThat(documents.marks).isEmpty();
    }

    @Test
    void trashedFileIsANoOp() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 4), 0.9f), "image/jpeg");
        file.deletedAt = Instant.now();

        handler.handle(event(EventType.FILE_UPLOADED, file));

        assertThat(storage.exists(StorageKeys.thumbnail(file.id))).isFalse();
        assertThat(documents.marks).isEmpty();
    }

    @Test
    void fileDeletedDuringRenderLeavesNoOrphanThumbnail() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 5), 0.9f), "image/jpeg");
        documents.deleteBeforeMark = true;

        handler.handle(event(EventType.FILE_UPLOADED, file));

        assertThat(storage.exists(StorageKeys.thumbnail(file.id))).isFalse();
        assertThat(listThumbnails()).isEmpty();
    }

    @Test
    void blobGoneWithItsDocumentIsANoOp() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 6), 0.9f), "image/jpeg");
        FileEvent event = event(EventType.FILE_UPLOADED, file);
        storage.delete(file.storageKey);
        documents.removeAfterFirstFind = true; // found first, gone when the missing blob is re-checked

        handler.handle(event);

        assertThat(storage.exists(StorageKeys.thumbnail(file.id))).isFalse();
    }

    @Test
    void blobMissingUnderALiveDocumentIsRetried() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 6), 0.9f), "image/jpeg");
        storage.delete(file.storageKey);

        assertThatThrownBy(() -> handler.handle(event(EventType.FILE_UPLOADED, file)))
                .isInstanceOf(dev.opendrive.storage.BlobNotFoundException.class);
    }

    @Test
    void restoredFileWithAThumbnailIsSkipped() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 7), 0.9f), "image/jpeg");
        handler.handle(event(EventType.FILE_UPLOADED, file));
        file.hasThumbnail = true;
        documents.marks.clear();

        handler.handle(event(EventType.FILE_RESTORED, file));

        assertThat(documents.marks).isEmpty();
    }

    @Test
    void restoredFileWithoutAThumbnailGetsOne() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(400, 300, 8), 0.9f), "image/jpeg");

        handler.handle(event(EventType.FILE_RESTORED, file));

        assertThat(storage.exists(StorageKeys.thumbnail(file.id))).isTrue();
        assertThat(documents.marks).containsKey(file.id);
    }

    @Test
    void decompressionBombIsUnprocessable() throws Exception {
        FileDocument file = store(TestImages.pngBomb(100_000, 100_000), "image/png");
        long start = System.nanoTime();

        assertThatThrownBy(() -> handler.handle(event(EventType.FILE_UPLOADED, file)))
                .isInstanceOf(UnprocessableEventException.class)
                .hasMessageContaining("decompression-bomb");

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(storage.exists(StorageKeys.thumbnail(file.id))).isFalse();
        assertThat(documents.marks).isEmpty();
    }

    @Test
    void configuredPixelCapApplies() throws Exception {
        handler = new ThumbnailHandler(documents, storage, config(100_000, 2, true));
        FileDocument file = store(TestImages.encode(TestImages.photoLike(400, 300, 9), "png"), "image/png");

        assertThatThrownBy(() -> handler.handle(event(EventType.FILE_UPLOADED, file)))
                .isInstanceOf(UnprocessableEventException.class)
                .hasMessageContaining("decompression-bomb");
    }

    @Test
    void corruptImageIsUnprocessable() throws Exception {
        byte[] png = TestImages.encode(TestImages.photoLike(300, 300, 10), "png");
        byte[] corrupt = java.util.Arrays.copyOf(png, 50);
        FileDocument file = store(corrupt, "image/png");

        assertThatThrownBy(() -> handler.handle(event(EventType.FILE_UPLOADED, file)))
                .isInstanceOf(UnprocessableEventException.class)
                .hasMessageContaining("corrupt");
        assertThat(documents.marks).isEmpty();
    }

    @Test
    void heicIsSkippedWithoutAnError() throws Exception {
        byte[] heic = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1' };
        FileDocument heicFile = store(heic, "image/heic");
        FileDocument mislabelled = store(heic, "image/jpeg");

        handler.handle(event(EventType.FILE_UPLOADED, heicFile));
        handler.handle(event(EventType.FILE_UPLOADED, mislabelled));

        assertThat(documents.marks).isEmpty();
        assertThat(listThumbnails()).isEmpty();
    }

    @Test
    void storageFailureIsRetriedNotDeadLettered() throws Exception {
        FileDocument file = store(TestImages.jpeg(TestImages.photoLike(800, 600, 11), 0.9f), "image/jpeg");
        StorageProvider flaky = new DelegatingStorage(storage) {
            @Override
            public InputStream open(String key, long offset, long length) throws IOException {
                InputStream in = super.open(key, offset, length);
                return new FilterInputStream(in) {
                    private int read;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (read > 4096) {
                            throw new IOException("storage read timed out");
                        }
                        int n = super.read(b, off, Math.min(len, 1024));
                        read += Math.max(0, n);
                        return n;
                    }
                };
            }
        };
        handler = new ThumbnailHandler(documents, flaky, config(100_000_000, 2, true));

        assertThatThrownBy(() -> handler.handle(event(EventType.FILE_UPLOADED, file)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(UnprocessableEventException.class);
        assertThat(documents.marks).isEmpty();
    }

    @Test
    void acceptsUploadedAndRestoredImagesOnly() {
        FileDocument image = doc("image/png");
        assertThat(handler.accepts(event(EventType.FILE_UPLOADED, image))).isTrue();
        assertThat(handler.accepts(event(EventType.FILE_RESTORED, image))).isTrue();
        assertThat(handler.accepts(event(EventType.FILE_RENAMED, image))).isFalse();
        assertThat(handler.accepts(event(EventType.FILE_DELETED, image))).isFalse();
        for (String type : List.of("image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff",
                "image/heic", "IMAGE/PNG; charset=binary")) {
            assertThat(handler.accepts(event(EventType.FILE_UPLOADED, doc(type)))).as(type).isTrue();
        }
        for (String type : List.of("text/plain", "application/pdf", "image/svg+xml", "video/mp4")) {
            assertThat(handler.accepts(event(EventType.FILE_UPLOADED, doc(type)))).as(type).isFalse();
        }
        assertThat(handler.accepts(FileEvent.of(new EventData.FolderDeleted(new ObjectId().toHexString(), null, true), "test"))).isFalse();
        assertThat(handler.name()).isEqualTo("thumbnail");

        ThumbnailHandler disabled = new ThumbnailHandler(documents, storage, config(100_000_000, 2, false));
        assertThat(disabled.accepts(event(EventType.FILE_UPLOADED, image))).isFalse();
    }

    @Test
    void invalidFileIdIsUnprocessable() {
        FileEvent event = FileEvent.of(EventData.forFile(EventType.FILE_UPLOADED, new FileRef("not-an-id", "files/x/y", "image/png", null, 1L, null, "a.png"), false), "test");

        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(UnprocessableEventException.class);
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        StorageProvider counting = new DelegatingStorage(storage) {
            @Override
            public InputStream open(String key, long offset, long length) throws IOException {
                int now = open.incrementAndGet();
                maxOpen.accumulateAndGet(now, Math::max);
                sleep(50);
                return new FilterInputStream(super.open(key, offset, length)) {
                    @Override
                    public void close() throws IOException {
                        open.decrementAndGet();
                        super.close();
                    }
                };
            }
        };
        handler = new ThumbnailHandler(documents, counting, config(100_000_000, 2, true));
        List<FileDocument> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(store(TestImages.jpeg(TestImages.photoLike(300, 200, 20 + i), 0.8f), "image/jpeg"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (FileDocument file : files) {
                futures.add(pool.submit(() -> {
                    handler.handle(event(EventType.FILE_UPLOADED, file));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(maxOpen.get()).isBetween(1, 2);
        assertThat(documents.marks).hasSize(8);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private FileDocument store(byte[] bytes, String mimeType) throws IOException {
        FileDocument file = doc(mimeType);
        StoredBlob blob = storage.save(file.storageKey, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        file.size = blob.size();
        documents.files.put(file.id, file);
        return file;
    }

    private static FileDocument doc(String mimeType) {
        FileDocument file = new FileDocument();
        file.id = new ObjectId();
        file.ownerId = new ObjectId();
        file.storageKey = StorageKeys.file(file.ownerId, file.id);
        file.mimeType = mimeType;
        file.originalName = "picture";
        return file;
    }

    private static FileEvent event(EventType type, FileDocument file) {
        return FileEvent.of(EventData.forFile(type, new FileRef(file.id.toHexString(), file.storageKey, file.mimeType, file.ownerId.toHexString(), file.size, null, file.originalName), false), "test");
    }

    private List<Path> listThumbnails() throws IOException {
        Path thumbnails = dir.resolve("thumbnails");
        if (!java.nio.file.Files.isDirectory(thumbnails)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(thumbnails)) {
            return files.toList();
        }
    }

    private static ThumbnailConfig config(long maxPixels, int maxConcurrency, boolean enabled) {
        return new ThumbnailConfig() {
            @Override
            public long maxPixels() {
                return maxPixels;
            }

            @Override
            public int maxConcurrency() {
                return maxConcurrency;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In-memory stand-in for the files collection. */
    static final class FakeDocuments implements ThumbnailDocuments {
        record Mark(String key, Instant at) {
        }

        final Map<ObjectId, FileDocument> files = new ConcurrentHashMap<>();
        final Map<ObjectId, Mark> marks = new ConcurrentHashMap<>();
        volatile boolean deleteBeforeMark;
        volatile boolean removeAfterFirstFind;

        @Override
        public Optional<FileDocument> find(ObjectId fileId) {
            Optional<FileDocument> found = Optional.ofNullable(files.get(fileId));
            if (removeAfterFirstFind) {
                files.remove(fileId);
            }
            return found;
        }

        @Override
        public boolean markGenerated(ObjectId fileId, String thumbnailKey, Instant generatedAt) {
            if (deleteBeforeMark) {
                files.remove(fileId);
            }
            if (!files.containsKey(fileId)) {
                return false;
            }
            marks.put(fileId, new Mark(thumbnailKey, generatedAt));
            return true;
        }
    }

    /** Storage that forwards everything, for tests that alter one method. */
    static class DelegatingStorage implements StorageProvider {
        private final StorageProvider delegate;

        DelegatingStorage(StorageProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public StoredBlob save(String key, InputStream content, long maxBytes) throws IOException {
            return delegate.save(key, content, maxBytes);
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            return delegate.open(key, offset, length);
        }

        @Override
        public boolean delete(String key) throws IOException {
            return delegate.delete(key);
        }

        @Override
        public void move(String fromKey, String toKey) throws IOException {
            delegate.move(fromKey, toKey);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return delegate.exists(key);
        }

        @Override
        public long size(String key) throws IOException {
            return delegate.size(key);
        }
    }
}
