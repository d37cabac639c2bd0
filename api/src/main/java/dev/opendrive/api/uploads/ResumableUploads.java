package dev.opendrive.api.uploads;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.files.FileService;
import dev.opendrive.api.files.UploadResult;
import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.storage.BlobTooLargeException;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Resumable uploads (tus 1.0: creation, termination, expiration, checksum). The bytes go to the
 * storage provider as they arrive, each PATCH's as a blob of its own (a "chunk"), and the upload's
 * record grows by one conditional update on the offset the request started from: two requests for
 * the same bytes cannot both be kept, whatever the provider (local disk or GCS, where an object
 * cannot be appended to). When the last byte arrived, the chunks are read back in order as one
 * stream and handed to {@link FileService#uploadStream}: type sniffing, allowed types, size limit,
 * quota charge, name conflicts, document, event and thumbnail are exactly those of any other
 * upload, and no file document exists before then.
 * <p>
 * The price of one path for every provider is that completion copies the bytes once more (the
 * chunks into the file's blob, hashing them on the way); for GCS that copy passes through the API
 * instance. Chunks are deleted once the file exists.
 */
@ApplicationScoped
public class ResumableUploads {

    /** Metadata key with what a taken name does, as the other upload routes' onConflict ("version": replace, keep the old). */
    static final String ON_CONFLICT = "onConflict";


    private static final Logger LOG = Logger.getLogger(ResumableUploads.class);
    public static final String OFFSET_CONTENT_TYPE = "application/offset+octet-stream";
    /** Upload-Checksum algorithms (tus names) and their JDK names; Tus-Checksum-Algorithm lists the keys. */
    public static final Map<String, String> CHECKSUMS = Map.of("sha1", "SHA-1", "sha256", "SHA-256");
    private static final int SWEEP_BATCH = 100;
    private static final String SWEEP_JOB = "opendrive-tus-sweep";

    private final ResumableUploadRepository uploads;
    private final FileService files;
    private final StorageProvider storage;
    private final TusConfig config;
    private final Scheduler scheduler;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public ResumableUploads(ResumableUploadRepository uploads, FileService files, StorageProvider storage,
            TusConfig config, Scheduler scheduler) {
        this.uploads = uploads;
        this.files = files;
        this.storage = storage;
        this.config = config;
        this.scheduler = scheduler;
    }

    /**
     * POST: a new upload of {@code length} bytes. Refused at once by the rules the file will be held
     * to (folder, name, MAX_FILE_SIZE, what is left of the quota); an empty file is made right away.
     */
    public ResumableUpload create(Long length, String metadataHeader, ObjectId owner) {
        startSweeping();
        if (length == null || length < 0) {
            throw ApiException.badRequest(ErrorCode.INVALID_UPLOAD_HEADER,
                    "Upload-Length is required: the size of the file in bytes");
        }
        Map<String, String> metadata = TusMetadata.parse(metadataHeader);
        String fileName = metadata.get("filename");
        if (fileName == null || fileName.isBlank()) {
            throw ApiException.badRequest(ErrorCode.NAME_REQUIRED,
                    "File name is required: send it in Upload-Metadata as 'filename'");
        }
        String folderId = metadata.get("folderId");
        FileService.OnConflict.parse(metadata.get(ON_CONFLICT)); // refused now, not after the last byte
        files.checkStream(fileName, folderId, length, owner);
        Instant now = Instant.now();
        ResumableUpload upload = new ResumableUpload();
        upload.id = new ObjectId();
        upload.ownerId = owner;
        upload.length = length;
        upload.offset = 0;
        upload.metadata = metadataHeader == null || metadataHeader.isBlank() ? null : metadataHeader;
        upload.fileName = fileName;
        upload.folderId = folderId;
        upload.state = ResumableUpload.OPEN;
        upload.createdAt = now;
        upload.updatedAt = now;
        upload.expiresAt = now.plus(config.expiry());
        uploads.persist(upload);
        LogEvent.of("upload.resumable_created").with("uploadId", upload.id).with("userId", owner).with("size", length)
                .info(LOG);
        if (length == 0) {
            String key = StorageKeys.uploadChunk(owner, upload.id, 0, unique());
            saveEmpty(key);
            ResumableUpload.Chunk empty = new ResumableUpload.Chunk(key, 0);
            if (uploads.claimCompletion(upload.id, 0, empty, now, now.plus(config.completionLease()), upload.expiresAt)) {
                return complete(upload, empty, owner);
            }
        }
        return upload;
    }

    private void saveEmpty(String key) {
        try {
            storage.save(key, InputStream.nullInputStream(), 0);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** HEAD: the caller's upload, if it is still there. */
    public ResumableUpload status(String rawId, ObjectId owner) {
        startSweeping();
        return live(rawId, owner);
    }

    /**
     * PATCH: stores the body as the bytes after {@code offset}. Whatever arrived is kept even when the
     * client goes away in the middle (tus: store as much of the received data as possible); with an
     * Upload-Checksum, only a body that matches it is kept (460 otherwise, the offset unchanged).
     */
    public ResumableUpload patch(String rawId, Long offset, String contentType, Long contentLength, String checksumHeader,
            InputStream body, ObjectId owner) {
        startSweeping();
        if (contentType == null || !OFFSET_CONTENT_TYPE.equalsIgnoreCase(contentType.split(";", 2)[0].trim())) {
            throw ApiException.unsupportedType(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "A PATCH body must be sent as " + OFFSET_CONTENT_TYPE);
        }
        if (offset == null || offset < 0) {
            throw ApiException.badRequest(ErrorCode.INVALID_UPLOAD_HEADER, "Upload-Offset is required");
        }
        Checksum checksum = Checksum.parse(checksumHeader);
        ResumableUpload upload = live(rawId, owner);
        requireNotBusy(upload);
        if (upload.offset != offset) {
            throw offsetMismatch(upload);
        }
        if (ResumableUpload.COMPLETE.equals(upload.state)) {
            if (contentLength == null || contentLength > 0) {
                throw beyondLength(upload);
            }
            return upload; // a client asking again after the answer to its last PATCH was lost
        }
        long room = upload.length - upload.offset;
        if (contentLength != null && contentLength > room) {
            throw beyondLength(upload);
        }
        boolean mayBeLast = contentLength == null || contentLength == room;
        if (upload.chunks.size() >= config.maxChunks() && !mayBeLast) {
            throw ApiException.badRequest(ErrorCode.TOO_MANY_CHUNKS, "This upload was sent in " + upload.chunks.size()
                    + " pieces already: send the remaining " + room + " bytes in one request");
        }

        String key = StorageKeys.uploadChunk(owner, upload.id, upload.offset, unique());
        ReceivedBytes received = new ReceivedBytes(body);
        MessageDigest digest = checksum == null ? null : checksum.digest();
        InputStream in = digest == null ? received : new DigestInputStream(received, digest);
        StoredBlob blob;
        try {
            blob = storage.save(key, in, room);
        } catch (BlobTooLargeException e) {
            throw beyondLength(upload);
        } catch (IOException e) {
            throw failed(e);
        }
        if (checksum != null && (received.broken() || !checksum.matches(digest))) {
            deleteBlob(key);
            throw new ApiException(460, ErrorCode.CHECKSUM_MISMATCH,
                    "The body does not match its Upload-Checksum: nothing of it was kept");
        }
        if (received.broken()) {
            LogEvent.of("upload.resumable_interrupted").with("uploadId", upload.id).with("userId", owner)
                    .with("kept", blob.size()).with("error", received.failure().toString()).info(LOG);
        }
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.expiry());
        // the last piece of a request whose process died while completing: whoever takes over drops it
        ResumableUpload.Chunk abandoned = upload.finalChunk;
        if (blob.size() == 0 && room > 0) {
            deleteBlob(key);
            if (!uploads.touch(upload.id, upload.offset, now, expiresAt)) {
                throw raced(upload.id, owner);
            }
            dropAbandoned(abandoned);
            upload.expiresAt = expiresAt;
            return upload;
        }
        ResumableUpload.Chunk piece = new ResumableUpload.Chunk(key, blob.size());
        if (upload.offset + piece.size < upload.length) {
            if (!uploads.append(upload.id, upload.offset, piece, now, expiresAt)) {
                deleteBlob(key);
                throw raced(upload.id, owner);
            }
            dropAbandoned(abandoned);
            upload.state = ResumableUpload.OPEN;
            upload.offset += piece.size;
            upload.chunks.add(piece);
            upload.expiresAt = expiresAt;
            return upload;
        }
        if (!uploads.claimCompletion(upload.id, upload.offset, piece, now, now.plus(config.completionLease()), expiresAt)) {
            deleteBlob(key);
            throw raced(upload.id, owner);
        }
        dropAbandoned(abandoned);
        upload.expiresAt = expiresAt;
        return complete(upload, piece, owner);
    }

    /**
     * The last byte arrived: the chunks become the file through the one path every upload takes. A
     * refusal there (quota, type, folder gone, ...) or a failure takes back only the last piece: the
     * upload is open again where it was, and the client may resume (after making room, say).
     */
    private ResumableUpload complete(ResumableUpload upload, ResumableUpload.Chunk last, ObjectId owner) {
        List<ResumableUpload.Chunk> pieces = new ArrayList<>(upload.chunks);
        pieces.add(last);
        UploadResult result;
        try (InputStream content = new Chunks(storage, pieces)) {
            result = files.uploadStream(content, upload.fileName, upload.folderId, upload.length,
                    TusMetadata.parse(upload.metadata).get(ON_CONFLICT), owner);
        } catch (IOException | RuntimeException e) {
            if (!uploads.releaseCompletion(upload.id, last.key, Instant.now())) {
                LogEvent.of("upload.resumable_release_failed").with("uploadId", upload.id).warn(LOG);
            }
            deleteBlob(last.key);
            throw e instanceof RuntimeException r ? r : failed((IOException) e);
        }
        ObjectId fileId = new ObjectId(result.files().get(0).id());
        if (!uploads.completed(upload.id, last.key, upload.length, fileId, Instant.now())) {
            LogEvent.of("upload.resumable_completion_lost").with("uploadId", upload.id).with("fileId", fileId)
                    .with("detail", "the file exists; the upload's record no longer held this request's claim").warn(LOG);
        }
        pieces.forEach(p -> deleteBlob(p.key));
        upload.state = ResumableUpload.COMPLETE;
        upload.offset = upload.length;
        upload.fileId = fileId;
        upload.chunks = new ArrayList<>();
        upload.finalChunk = null;
        return upload;
    }

    private void dropAbandoned(ResumableUpload.Chunk abandoned) {
        if (abandoned != null) {
            deleteBlob(abandoned.key);
        }
    }

    /** DELETE (termination): the upload and its bytes; a completed upload's file stays. */
    public void terminate(String rawId, ObjectId owner) {
        startSweeping();
        ObjectId id = parseId(rawId);
        ResumableUpload removed = uploads.removeOwned(id, owner, Instant.now()).orElseGet(() -> {
            ResumableUpload found = uploads.findOwned(id, owner).orElseThrow(ResumableUploads::notFound);
            requireNotBusy(found);
            throw notFound(); // removed meanwhile
        });
        deleteChunks(removed);
        LogEvent.of("upload.resumable_terminated").with("uploadId", id).with("userId", owner).info(LOG);
    }

    /**
     * Removes uploads past their expiry with their bytes. Runs every sweep-interval once this process
     * served a resumable upload; never at boot.
     */
    public int sweep() {
        int removed = 0;
        List<ResumableUpload> batch;
        do {
            Instant now = Instant.now();
            batch = uploads.expired(now, SWEEP_BATCH);
            for (ResumableUpload candidate : batch) {
                if (uploads.removeExpired(candidate.id, now).map(this::deleteChunks).isPresent()) {
                    removed++;
                }
            }
        } while (batch.size() == SWEEP_BATCH);
        if (removed > 0) {
            LogEvent.of("upload.resumable_swept").with("count", removed).info(LOG);
        }
        return removed;
    }

    private void startSweeping() {
        if (sweeping.compareAndSet(false, true)) {
            String every = config.sweepInterval().toMillis() + "ms";
            scheduler.newJob(SWEEP_JOB).setInterval(every).setDelayed(every)
                    .setConcurrentExecution(ConcurrentExecution.SKIP).setTask(execution -> {
                        try {
                            sweep();
                        } catch (RuntimeException e) {
                            LogEvent.of("upload.resumable_sweep_failed").with("error", e.toString()).warn(LOG);
                        }
                    }).schedule();
        }
    }

    /** The caller's upload; 404 if there is none, 410 (and its bytes removed) if it expired. */
    private ResumableUpload live(String rawId, ObjectId owner) {
        ObjectId id = parseId(rawId);
        ResumableUpload upload = uploads.findOwned(id, owner).orElseThrow(ResumableUploads::notFound);
        Instant now = Instant.now();
        if (upload.expired(now)) {
            uploads.removeExpired(id, now).ifPresent(this::deleteChunks);
            throw new ApiException(410, ErrorCode.UPLOAD_EXPIRED,
                    "Upload expired: it was not continued before its Upload-Expires, start it again");
        }
        return upload;
    }

    private ResumableUpload deleteChunks(ResumableUpload upload) {
        upload.chunks.forEach(c -> deleteBlob(c.key));
        if (upload.finalChunk != null) {
            deleteBlob(upload.finalChunk.key);
        }
        return upload;
    }

    private void requireNotBusy(ResumableUpload upload) {
        if (ResumableUpload.COMPLETING.equals(upload.state) && upload.leaseUntil != null
                && upload.leaseUntil.isAfter(Instant.now())) {
            throw new ApiException(423, ErrorCode.UPLOAD_LOCKED,
                    "The upload's last bytes are being stored as the file: ask again shortly");
        }
    }

    /** The conditional update found the upload changed since it was read: say how. */
    private ApiException raced(ObjectId id, ObjectId owner) {
        ResumableUpload now = uploads.findOwned(id, owner).orElseThrow(ResumableUploads::notFound);
        requireNotBusy(now);
        return offsetMismatch(now);
    }

    private static ApiException offsetMismatch(ResumableUpload upload) {
        return ApiException.conflict(ErrorCode.UPLOAD_OFFSET_MISMATCH,
                "Upload-Offset does not match: the upload is at " + upload.offset + " bytes");
    }

    private static ApiException beyondLength(ResumableUpload upload) {
        return ApiException.tooLarge(ErrorCode.FILE_TOO_LARGE, "The body goes past Upload-Length (" + upload.length
                + " bytes; " + (upload.length - upload.offset) + " remain): nothing of it was kept");
    }

    private static ApiException notFound() {
        return ApiException.notFound(ErrorCode.UPLOAD_NOT_FOUND, "Upload not found");
    }

    private static ObjectId parseId(String rawId) {
        return ObjectIds.parse(rawId).orElseThrow(ResumableUploads::notFound);
    }

    private ApiException failed(IOException e) {
        LogEvent.of("upload.resumable_failed").with("error", e.toString()).error(LOG, e);
        return new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
    }

    private void deleteBlob(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            LogEvent.of("upload.orphan_blob").with("key", key).with("error", e.toString()).warn(LOG);
        }
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Upload-Checksum: "<algorithm> <Base64 digest>". */
    record Checksum(String algorithm, byte[] expected) {

        static Checksum parse(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            String[] parts = header.trim().split(" ", 2);
            String jdkName = CHECKSUMS.get(parts[0].toLowerCase(java.util.Locale.ROOT));
            if (jdkName == null) {
                throw ApiException.badRequest(ErrorCode.CHECKSUM_ALGORITHM_UNSUPPORTED, "Upload-Checksum algorithm '"
                        + parts[0] + "' is not supported: use one of " + String.join(", ", CHECKSUMS.keySet()));
            }
            try {
                return new Checksum(jdkName, Base64.getDecoder().decode(parts.length == 2 ? parts[1].trim() : ""));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ErrorCode.INVALID_UPLOAD_HEADER, "Upload-Checksum value is not Base64");
            }
        }

        MessageDigest digest() {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean matches(MessageDigest digest) {
            return MessageDigest.isEqual(expected, digest.digest());
        }
    }

    /**
     * The request body, ending where the connection broke: the bytes before are as good as any, and
     * tus asks servers to keep them so that the client resumes after them, not from the start.
     */
    static final class ReceivedBytes extends FilterInputStream {
        private IOException failure;

        ReceivedBytes(InputStream in) {
            super(in);
        }

        boolean broken() {
            return failure != null;
        }

        IOException failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }
    }

    /** The chunks of an upload in order, as one stream, each opened only when reached. */
    static final class Chunks extends InputStream {
        private final StorageProvider storage;
        private final List<ResumableUpload.Chunk> pieces;
        private int next;
        private InputStream current;

        Chunks(StorageProvider storage, List<ResumableUpload.Chunk> pieces) {
            this.storage = storage;
            this.pieces = pieces;
        }

        private boolean advance() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
            if (next >= pieces.size()) {
                return false;
            }
            current = storage.open(pieces.get(next++).key);
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current != null || advance()) {
                int n = current.read(b, off, len);
                if (n > 0) {
                    return n;
                }
                if (n < 0 && !advance()) {
                    return -1;
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
