package dev.opendrive.thumbnails;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventData.AboutFile;
import dev.opendrive.model.events.EventData.FileRestored;
import dev.opendrive.model.events.EventData.FileUploaded;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.storage.BlobNotFoundException;
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders {@code thumbnails/{fileId}_thumb.jpg} for uploaded (and restored) images and flags the
 * file document. Idempotent: the output key is fixed and the document update only sets the three
 * thumbnail fields, so a redelivery renders the same bytes to the same place.
 *
 * <ul>
 * <li>A missing or trashed file is a no-op, not an error.</li>
 * <li>A decompression bomb or a corrupt image throws {@link UnprocessableEventException}: retrying
 * cannot help, the bus dead-letters it at once.</li>
 * <li>HEIC/HEIF/AVIF are skipped with a log line (no pure-Java decoder).</li>
 * <li>Storage and database failures propagate as they are: the bus retries with backoff.</li>
 * <li>At most {@code max-concurrency} renders run at once in the process.</li>
 * </ul>
 */
@ApplicationScoped
public class ThumbnailHandler implements FileEventHandler {

    private static final Logger LOG = Logger.getLogger(ThumbnailHandler.class);

    /** Sniffed types we render (Tika's names and the usual aliases). */
    static final Set<String> RENDERED_TYPES = Set.of("image/jpeg", "image/pjpeg", "image/png", "image/x-png",
            "image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp", "image/webp", "image/tiff");
    /** Image types accepted only to log why they get no thumbnail. */
    static final Set<String> SKIPPED_TYPES = Set.of("image/heic", "image/heif", "image/heic-sequence",
            "image/heif-sequence", "image/avif");
    /** A 200x200 JPEG at q0.8 is 5-40 KB; anything near this is a bug, not a thumbnail. */
    static final long MAX_THUMBNAIL_BYTES = 1024 * 1024;

    private final ThumbnailDocuments documents;
    private final StorageProvider storage;
    private final ThumbnailRenderer renderer;
    private final Semaphore permits;
    private final boolean enabled;

    public ThumbnailHandler(ThumbnailDocuments documents, StorageProvider storage, ThumbnailConfig config) {
        this.documents = documents;
        this.storage = storage;
        this.renderer = new ThumbnailRenderer(config.maxPixels());
        this.permits = new Semaphore(Math.max(1, config.maxConcurrency()), true);
        this.enabled = config.enabled();
    }

    @Override
    public String name() {
        return "thumbnail";
    }

    /**
     * Uploaded and restored images. Whether a restored file still needs a thumbnail is decided in
     * {@link #handle}: accepts() runs on the publishing thread and must not query the database.
     */
    @Override
    public boolean accepts(FileEvent event) {
        if (!enabled || !(event.data() instanceof FileUploaded || event.data() instanceof FileRestored)) {
            return false;
        }
        FileRef file = ((AboutFile) event.data()).file();
        String type = baseType(file.mimetype());
        return file.fileId() != null && (RENDERED_TYPES.contains(type) || SKIPPED_TYPES.contains(type));
    }

    @Override
    public void handle(FileEvent event) throws Exception {
        FileRef data = ((AboutFile) event.data()).file();
        if (!ObjectId.isValid(data.fileId())) {
            throw new UnprocessableEventException("invalid fileId '" + data.fileId() + "'");
        }
        ObjectId fileId = new ObjectId(data.fileId());
        String type = baseType(data.mimetype());
        if (SKIPPED_TYPES.contains(type)) {
            skipped("unsupported-format", fileId).with("mimetype", type)
                    .with("detail", "no pure-Java HEIC/HEIF/AVIF decoder").info(LOG);
            return;
        }
        Optional<FileDocument> found = documents.find(fileId);
        if (found.isEmpty()) {
            skipped("file-missing", fileId).with("eventId", event.id()).debug(LOG);
            return;
        }
        FileDocument file = found.get();
        if (file.isTrashed()) {
            skipped("file-trashed", fileId).with("eventId", event.id()).debug(LOG);
            return;
        }
        String thumbnailKey = StorageKeys.thumbnail(fileId);
        if (event.data() instanceof FileRestored && file.hasThumbnail && storage.exists(thumbnailKey)) {
            skipped("already-generated", fileId).debug(LOG);
            return;
        }
        String sourceKey = file.storageKey != null ? file.storageKey : data.path();
        if (sourceKey == null) {
            throw new UnprocessableEventException("file " + fileId + " has no storage key");
        }

        permits.acquire();
        try {
            render(event, fileId, file, sourceKey, thumbnailKey);
        } finally {
            permits.release();
        }
    }

    private static LogEvent skipped(String reason, ObjectId fileId) {
        return LogEvent.of("thumbnail.skipped").with("reason", reason).with("fileId", fileId);
    }

    private void render(FileEvent event, ObjectId fileId, FileDocument file, String sourceKey, String thumbnailKey)
            throws Exception {
        long start = System.nanoTime();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(32 * 1024);
        ThumbnailRenderer.Result result;
        try (InputStream in = storage.open(sourceKey)) {
            result = renderer.render(in, file.size, jpeg);
        } catch (BlobNotFoundException e) {
            Optional<FileDocument> now = documents.find(fileId);
            if (now.isEmpty() || now.get().isTrashed()) {
                skipped("file-deleted", fileId).debug(LOG);
                return;
            }
            throw e; // the document says the blob exists: let the bus retry, then dead-letter
        } catch (ThumbnailException e) {
            switch (e.reason()) {
                case UNSUPPORTED_FORMAT -> {
                    skipped(e.reason().label(), fileId).with("detail", e.getMessage()).info(LOG);
                    return;
                }
                default -> {
                    LogEvent.of("thumbnail.rejected").with("reason", e.reason().label()).with("fileId", fileId)
                            .with("userId", file.ownerId).with("eventId", event.id()).outcome("failure")
                            .durationSince(start).with("detail", e.getMessage()).warn(LOG);
                    throw new UnprocessableEventException(e.reason().label() + ": " + e.getMessage(), e);
                }
            }
        }

        storage.save(thumbnailKey, new ByteArrayInputStream(jpeg.toByteArray()), MAX_THUMBNAIL_BYTES);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (!documents.markGenerated(fileId, thumbnailKey, now)) {
            // deleted while we rendered: the delete already removed what it could, remove ours
            deleteOrphan(thumbnailKey, fileId);
            skipped("file-deleted-during-render", fileId).debug(LOG);
            return;
        }
        LogEvent.of("thumbnail.generated").with("fileId", fileId).with("userId", file.ownerId).outcome("success")
                .durationSince(start).with("format", result.format().imageIoName()).with("width", result.width())
                .with("height", result.height()).with("orientation", result.orientation())
                .with("subsampling", result.subsampling()).with("thumbnailBytes", jpeg.size()).info(LOG);
    }

    private void deleteOrphan(String thumbnailKey, ObjectId fileId) {
        try {
            storage.delete(thumbnailKey);
        } catch (IOException | RuntimeException e) {
            LogEvent.of("blob.orphaned").with("fileId", fileId).with("key", thumbnailKey).with("error", e.toString())
                    .warn(LOG);
        }
    }

    static String baseType(String mimetype) {
        if (mimetype == null) {
            return "";
        }
        String type = mimetype.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        return (semicolon >= 0 ? type.substring(0, semicolon) : type).trim();
    }
}
