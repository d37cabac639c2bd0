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
import dev.opendrive.model.events.FileEventData;
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
        if (!enabled || event == null || event.data() == null || event.data().fileId() == null) {
            return false;
        }
        if (!FileEvent.FILE_UPLOADED.equals(event.event()) && !FileEvent.FILE_RESTORED.equals(event.event())) {
            return false;
        }
        String type = baseType(event.data().mimetype());
        return RENDERED_TYPES.contains(type) || SKIPPED_TYPES.contains(type);
    }

    @Override
    public void handle(FileEvent event) throws Exception {
        if (!accepts(event)) {
            return;
        }
        FileEventData data = event.data();
        if (!ObjectId.isValid(data.fileId())) {
            throw new UnprocessableEventException("invalid fileId '" + data.fileId() + "'");
        }
        ObjectId fileId = new ObjectId(data.fileId());
        String type = baseType(data.mimetype());
        if (SKIPPED_TYPES.contains(type)) {
            LOG.infof("event=thumbnail.skipped reason=unsupported-format fileId=%s mimetype=%s"
                    + " detail=\"no pure-Java HEIC/HEIF/AVIF decoder\"", fileId, type);
            return;
        }
        Optional<FileDocument> found = documents.find(fileId);
        if (found.isEmpty()) {
            LOG.debugf("event=thumbnail.skipped reason=file-missing fileId=%s eventId=%s", fileId, event.id());
            return;
        }
        FileDocument file = found.get();
        if (file.isTrashed()) {
            LOG.debugf("event=thumbnail.skipped reason=file-trashed fileId=%s eventId=%s", fileId, event.id());
            return;
        }
        String thumbnailKey = StorageKeys.thumbnail(fileId);
        if (FileEvent.FILE_RESTORED.equals(event.event()) && file.hasThumbnail && storage.exists(thumbnailKey)) {
            LOG.debugf("event=thumbnail.skipped reason=already-generated fileId=%s", fileId);
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
                LOG.debugf("event=thumbnail.skipped reason=file-deleted fileId=%s", fileId);
                return;
            }
            throw e; // the document says the blob exists: let the bus retry, then dead-letter
        } catch (ThumbnailException e) {
            switch (e.reason()) {
                case UNSUPPORTED_FORMAT -> {
                    LOG.infof("event=thumbnail.skipped reason=%s fileId=%s detail=\"%s\"", e.reason().label(), fileId,
                            e.getMessage());
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
            LOG.debugf("event=thumbnail.skipped reason=file-deleted-during-render fileId=%s", fileId);
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
            LOG.warnf("event=blob.orphaned fileId=%s key=%s error=%s", fileId, thumbnailKey, e.toString());
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
