package dev.opendrive.api.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.bson.types.ObjectId;

import com.mongodb.MongoSocketException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.MongoTimeoutException;
import org.jboss.logging.Logger;

import dev.opendrive.api.access.Ownership;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.events.FileEvents;
import dev.opendrive.api.items.ItemKind;
import dev.opendrive.api.items.Names;
import dev.opendrive.api.items.RenameOrMove;
import dev.opendrive.api.json.Dates;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.storage.BlobTooLargeException;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;
import dev.opendrive.api.usage.Quotas;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.model.files.StorageKeys;

/** Uploads, renames and moves of files. */
@ApplicationScoped
public class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class);
    public static final String FILES_FIELD = "files";
    public static final String FOLDER_FIELD = "folderId";
    /** An ObjectId is 24 characters; "null", "undefined" and "root" mean the root. */
    private static final int MAX_FOLDER_FIELD = 1024;
    /** Enough for the sniffer's magic numbers; the mark buffer grows to what it reads, no further. */
    private static final int SNIFF_BUFFER = 64 * 1024;

    private final FileRepository files;
    private final Ownership ownership;
    private final StorageProvider storage;
    private final ContentTypeSniffer sniffer;
    private final FileEvents events;
    private final FilesConfig filesConfig;
    private final long maxFileSize;
    private final DistributionSummary uploadedBytes;
    private final Quotas quotas;

    public FileService(FileRepository files, Ownership ownership, StorageProvider storage, ContentTypeSniffer sniffer,
            FileEvents events, FilesConfig filesConfig, OpenDriveConfig config, MeterRegistry metrics,
            Quotas quotas) {
        this.files = files;
        this.quotas = quotas;
        this.ownership = ownership;
        this.storage = storage;
        this.sniffer = sniffer;
        this.events = events;
        this.filesConfig = filesConfig;
        this.maxFileSize = config.storage().maxFileSize();
        this.uploadedBytes = DistributionSummary.builder("opendrive.uploads").baseUnit("bytes")
                .description("Files stored by uploads (count) and their sizes").register(metrics);
    }

    /**
     * Stores every part of the "files" field of a multipart/form-data body into the folder of its
     * "folderId" field, reading the body once as it arrives. Each file streams straight into storage
     * (type sniffed from its first bytes, SHA-256 and the size limit on the way): no spool file, no
     * second copy, memory bounded whatever the size. The folder may come after the files, so the
     * documents and events are only made once the whole body has been read and checked: a request
     * that breaks a rule (field, count, size, folder, malformed body, a client that went away) stores
     * nothing, the blobs it had written are deleted. A failure of one file afterwards is reported for
     * that file and never leaves a blob without a document. The quota is such a failure of one file
     * (507 QUOTA_EXCEEDED in {@code errors}): the files that fit are kept, in the order they came.
     */
    public UploadResult upload(InputStream body, String contentType, ObjectId owner) {
        List<Pending> pending = new ArrayList<>();
        MultipartStream form = null;
        ObjectId folderId;
        Quotas.Standing standing;
        try {
            standing = quotas.standing(owner);
            form = MultipartStream.of(body, contentType);
            folderId = readForm(form, owner, pending, new Budget(standing));
        } catch (ApiException e) {
            abandon(pending, form, body);
            throw e;
        } catch (IOException | RuntimeException e) {
            abandon(pending, form, body);
            // what went wrong with the body itself, whichever layer (sniffer, provider) saw it first
            IOException failure = form != null ? form.failure()
                    : e instanceof MultipartStream.MalformedMultipartException m ? m : null;
            if (failure instanceof MultipartStream.MalformedMultipartException malformed) {
                throw ApiException.badRequest(ErrorCode.MALFORMED_MULTIPART, "Malformed multipart body: " + malformed.getMessage());
            }
            if (failure != null) {
                // the request's own stream failed: the client went away or stopped sending
                LogEvent.of("upload.interrupted").with("userId", owner).with("error", failure.toString()).warn(LOG);
                throw ApiException.badRequest(ErrorCode.UPLOAD_INTERRUPTED, "The upload was interrupted");
            }
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
        form.drain(); // the epilogue, if any: the request ends here

        List<FileView> stored = new ArrayList<>();
        List<UploadResult.UploadError> errors = new ArrayList<>();
        ApiException firstError = null;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            ApiException error = p.error();
            if (error == null) {
                try {
                    stored.add(FileView.of(store(p.blob(), folderId, owner, standing)));
                    continue;
                } catch (ApiException e) {
                    error = e;
                } catch (MongoTimeoutException | MongoSocketException e) {
                    // the database is away: the request's failure, not this file's (the mappers answer
                    // 503); the files not recorded yet leave no blob behind
                    pending.subList(i + 1, pending.size()).stream().filter(rest -> rest.blob() != null)
                            .forEach(rest -> deleteBlob(rest.blob().doc().storageKey));
                    throw e;
                } catch (RuntimeException e) {
                    LogEvent.of("file.uploaded").with("userId", owner).with("fileName", p.displayName()).outcome("failure")
                            .durationSince(p.started()).error(LOG, e);
                    error = new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
                }
            }
            errors.add(new UploadResult.UploadError(p.displayName(), error.getMessage(), error.code()));
            firstError = firstError == null ? error : firstError;
        }
        if (stored.isEmpty()) {
            throw new ApiException(firstError.status(), firstError.code(), firstError.getMessage(),
                    Map.of("files", List.of(), "success", 0, "failed", errors.size(), "errors", errors));
        }
        return new UploadResult(stored, stored.size(), errors.size(), errors.isEmpty() ? null : errors);
    }

    /** A file of a multipart upload: its blob written, or what went wrong with it alone. */
    private record Pending(String displayName, long started, WrittenBlob blob, ApiException error) {
    }

    /**
     * The space a request may still write into: what was free when it started, less what its
     * earlier files took. Only a bound for cutting a stream off early; the quota itself is checked
     * when a file is charged ({@link #store}).
     */
    private static final class Budget {
        private final Quotas.Standing standing;
        private long left;

        Budget(Quotas.Standing standing) {
            this.standing = standing;
            this.left = standing.free();
        }

        void spend(long bytes) {
            left = left == Long.MAX_VALUE ? left : Math.max(0, left - bytes);
        }
    }

    /**
     * Reads the whole body, writing each file's blob as its part arrives (in {@code pending}), and
     * answers the target folder. Any rule broken is thrown at once.
     */
    private ObjectId readForm(MultipartStream form, ObjectId owner, List<Pending> pending, Budget budget)
            throws IOException {
        ObjectId folderId = null;
        boolean folderSeen = false;
        int files = 0;
        MultipartStream.Part part;
        while ((part = form.next()) != null) {
            if (!part.isFile()) {
                if (FOLDER_FIELD.equals(part.name()) && !folderSeen) {
                    // checked as soon as it arrives: a wrong folder before the files stores nothing
                    String raw = part.text(MAX_FOLDER_FIELD);
                    if (raw == null) {
                        throw ApiException.badRequest(ErrorCode.INVALID_FOLDER_ID, "Invalid folder ID");
                    }
                    folderId = targetFolderId(raw, owner);
                    folderSeen = true;
                }
                continue; // other text fields are ignored, as they always were
            }
            if (!FILES_FIELD.equals(part.name())) {
                throw ApiException.badRequest(ErrorCode.UNEXPECTED_FIELD,
                        "Unexpected file field '" + part.name() + "': send files in the 'files' field");
            }
            if (++files > filesConfig.maxFilesPerUpload()) {
                throw ApiException.badRequest(ErrorCode.TOO_MANY_FILES,
                        "Too many files: at most " + filesConfig.maxFilesPerUpload() + " per upload");
            }
            Pending written = writePart(part, owner, form, budget);
            if (written.blob() != null) {
                budget.spend(written.blob().doc().size);
            }
            pending.add(written);
        }
        if (files == 0) {
            throw ApiException.badRequest(ErrorCode.NO_FILES, "No files uploaded");
        }
        return folderId;
    }

    /**
     * Writes one file part to storage. Too large fails the whole request; a type that is not allowed,
     * no room left in the quota or a storage failure fails this file only (its rest is skipped by the
     * next part).
     */
    private Pending writePart(MultipartStream.Part part, ObjectId owner, MultipartStream form, Budget budget)
            throws IOException {
        String displayName = Names.fromUpload(part.fileName());
        long started = System.nanoTime();
        InputStream in = new BufferedInputStream(part.content(), SNIFF_BUFFER);
        try {
            String mimeType = sniffer.sniff(in, displayName);
            WrittenBlob blob = writeBlob(displayName, mimeType, owner, in, budget.left, budget.standing, started);
            return new Pending(displayName, started, blob, null);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.FILE_TOO_LARGE) {
                throw e;
            }
            return new Pending(displayName, started, null, e);
        } catch (IOException | RuntimeException e) {
            if (form.failure() != null) {
                throw e; // the request failed, not the storage
            }
            LogEvent.of("file.uploaded").with("userId", owner).with("fileName", displayName).outcome("failure")
                    .durationSince(started).error(LOG, e);
            return new Pending(displayName, started, null,
                    new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed"));
        }
    }

    /**
     * A refused request: deletes the blobs it had written (nothing of it stays), then reads what the
     * client is still sending, so that a client that sends its whole body before it reads gets the
     * answer (the old route read every body whole too; MAX_BODY_SIZE bounds it).
     */
    private void abandon(List<Pending> pending, MultipartStream form, InputStream body) {
        for (Pending p : pending) {
            if (p.blob() != null) {
                deleteBlob(p.blob().doc().storageKey);
            }
        }
        pending.clear();
        if (form != null) {
            form.drain();
        } else {
            MultipartStream.drain(body);
        }
    }

    private void deleteBlob(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            LogEvent.of("upload.orphan_blob").with("key", key).with("error", e.toString()).warn(LOG);
        }
    }

    /**
     * (added) One file sent as the raw request body. Its type is sniffed from the first bytes (kept
     * in a small mark buffer) and the rest streams straight into storage: no spool file, and memory
     * stays bounded whatever the size. A declared length over the limit, or over the space left in
     * the quota, is refused before reading; a chunked body is cut off by the provider as soon as it
     * passes either.
     */
    public UploadResult uploadStream(InputStream body, String rawName, String rawFolderId, Long declaredLength,
            ObjectId owner) {
        ObjectId folderId = targetFolderId(rawFolderId, owner);
        if (rawName == null || rawName.isBlank()) {
            throw ApiException.badRequest(ErrorCode.NAME_REQUIRED, "File name is required: send it as ?name=");
        }
        String displayName = Names.fromUpload(rawName);
        if (declaredLength != null && declaredLength > maxFileSize) {
            throw tooLarge(displayName);
        }
        Quotas.Standing standing = quotas.standing(owner);
        if (declaredLength != null && declaredLength > standing.free()) {
            throw quotas.exceeded(displayName, standing);
        }
        InputStream in = new BufferedInputStream(body, SNIFF_BUFFER);
        long started = System.nanoTime();
        try {
            String mimeType = sniffer.sniff(in, displayName);
            WrittenBlob blob = writeBlob(displayName, mimeType, owner, in, standing.free(), standing, started);
            FileDocument doc = store(blob, folderId, owner, standing);
            return new UploadResult(List.of(FileView.of(doc)), 1, 0, null);
        } catch (IOException e) {
            LogEvent.of("file.uploaded").with("userId", owner).with("fileName", displayName).outcome("failure")
                    .durationSince(started).error(LOG, e);
            throw new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
        }
    }

    /**
     * (added) Replaces the content of an existing live file, keeping its id, name, folder, shares and
     * dead properties: the one method every overwrite goes through (WebDAV PUT today). The new bytes
     * take the same road as an upload (size limit, type rule on sniffed bytes, quota cut-off while
     * streaming) into a key of their own; then, in order: the size difference is charged to the quota
     * atomically (507, nothing changed, when it no longer fits), the document is switched to the new
     * blob with one conditional update (409 CONTENT_CHANGED when another replacement or a trash came
     * first: the new blob is dropped and the charge taken back), the old blob is deleted, and a
     * file.uploaded event lets the thumbnail and search workers redo their part for the new content.
     */
    public FileDocument replaceContent(ObjectId owner, ObjectId fileId, InputStream body, Long declaredLength) {
        FileDocument file = ownership.activeFile(fileId.toHexString(), owner);
        String displayName = file.originalName;
        if (declaredLength != null && declaredLength > maxFileSize) {
            throw tooLarge(displayName);
        }
        Quotas.Standing standing = quotas.standing(owner);
        // the old content's bytes are given back when the new ones are in: they count as room
        long room = standing.free() == Long.MAX_VALUE ? Long.MAX_VALUE : standing.free() + file.size;
        if (declaredLength != null && declaredLength > room) {
            throw quotas.exceeded(displayName, room, standing.quota());
        }
        InputStream in = new BufferedInputStream(body, SNIFF_BUFFER);
        long started = System.nanoTime();
        FileDocument next = new FileDocument();
        next.id = file.id;
        next.ownerId = owner;
        next.storageKey = StorageKeys.fileContent(owner, file.id, new ObjectId());
        WrittenBlob written;
        try {
            written = writeBlobTo(next, displayName, sniffer.sniff(in, displayName), in, room, standing, started);
        } catch (IOException e) {
            LogEvent.of("file.replaced").with("fileId", file.id).with("userId", owner).outcome("failure")
                    .durationSince(started).error(LOG, e);
            throw new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
        }
        try {
            quotas.chargeReplacement(owner, file.size, next.size, standing.quota(), displayName);
        } catch (RuntimeException e) {
            deleteBlob(next.storageKey);
            throw e;
        }
        Instant now = Dates.now();
        FileDocument replaced;
        try {
            replaced = files.mongoCollection().findOneAndUpdate(
                    Filters.and(Filters.eq("_id", file.id), Filters.eq("ownerId", owner),
                            Filters.eq("storageKey", file.storageKey), Filters.eq("deletedAt", null)),
                    Updates.combine(Updates.set("storageKey", next.storageKey), Updates.set("size", next.size),
                            Updates.set("sha256", next.sha256), Updates.set("mimeType", next.mimeType),
                            Updates.set("storageProvider", next.storageProvider), Updates.set("updatedAt", now),
                            Updates.set("hasThumbnail", false), Updates.unset("thumbnailGeneratedAt")),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        } catch (RuntimeException e) {
            quotas.refundReplacement(owner, file.size, next.size);
            deleteBlob(next.storageKey);
            throw e;
        }
        if (replaced == null) {
            quotas.refundReplacement(owner, file.size, next.size);
            deleteBlob(next.storageKey);
            throw ApiException.conflict(ErrorCode.CONTENT_CHANGED,
                    "'" + displayName + "' changed while its new content was being written; try again");
        }
        // Versions will hook in here: instead of deleting the old blob, keep it as the previous version.
        deleteBlob(file.storageKey);
        events.uploaded(replaced);
        LogEvent.of("file.replaced").with("fileId", file.id).with("userId", owner).outcome("success")
                .durationSince(written.started()).with("size", next.size).with("mimeType", next.mimeType).info(LOG);
        uploadedBytes.record(next.size);
        return replaced;
    }

    /** A blob in storage under the key of a document that is not saved yet (it already holds the blob's size and hash). */
    private record WrittenBlob(FileDocument doc, String displayName, long started) {
    }

    /**
     * The first half of an upload, for both routes: the type rule, then the bytes under a new key
     * (the key depends on the owner and the new file's id only, not on the folder), with the size
     * limit and the space that was left in the quota ({@code room}), whichever is smaller: the
     * provider stops there and leaves nothing. Nothing is recorded yet: a blob written here is either
     * given to {@link #store} or deleted.
     */
    private WrittenBlob writeBlob(String displayName, String mimeType, ObjectId owner, InputStream in, long room,
            Quotas.Standing standing, long started) throws IOException {
        return writeBlobTo(FileDocument.create(owner, null), displayName, mimeType, in, room, standing, started);
    }

    /** {@link #writeBlob} into the key {@code doc} already has (a new file's, or a new content's). */
    private WrittenBlob writeBlobTo(FileDocument doc, String displayName, String mimeType, InputStream in, long room,
            Quotas.Standing standing, long started) throws IOException {
        if (!filesConfig.allows(mimeType)) {
            throw ApiException.unsupportedType(ErrorCode.TYPE_NOT_ALLOWED, "File type " + mimeType + " is not allowed");
        }
        long limit = Math.min(maxFileSize, room);
        try {
            StoredBlob blob = storage.save(doc.storageKey, in, limit);
            doc.holding(blob.size(), blob.sha256(), storage.name(), mimeType);
            return new WrittenBlob(doc, displayName, started);
        } catch (BlobTooLargeException e) {
            throw limit < maxFileSize ? quotas.exceeded(displayName, room, standing.quota()) : tooLarge(displayName);
        }
    }

    /**
     * Everything after the bytes are stored, for both upload routes, the one place documents and
     * events of new files are made: the name conflict policy, the document, the usage counters, the
     * event, the log and the metric. The file is charged to the quota before its document is saved,
     * with the one atomic check that concurrent uploads cannot pass together (507 QUOTA_EXCEEDED,
     * nothing kept, when it no longer fits). The blob never outlives a failure to record it.
     */
    private FileDocument store(WrittenBlob written, ObjectId folderId, ObjectId owner, Quotas.Standing standing) {
        FileDocument doc = written.doc();
        try {
            doc.folderId = folderId;
            doc.named(Names.available(written.displayName(), key -> files.nameTaken(owner, folderId, key, null)));
            doc.name = UUID.randomUUID() + "-" + doc.originalName;
            doc.isShared = false;
            doc.createdAt = Dates.now();
            doc.updatedAt = doc.createdAt;
            quotas.charge(owner, doc.size, standing.quota(), written.displayName());
        } catch (RuntimeException e) {
            deleteBlob(doc.storageKey);
            throw e;
        }
        try {
            files.persist(doc);
        } catch (RuntimeException e) {
            refund(doc);
            deleteBlob(doc.storageKey);
            throw e;
        }
        try {
            events.uploaded(doc);
        } catch (RuntimeException e) {
            // The outbox did not take the event (database down): a file nobody will ever thumbnail or
            // index is worse than a failed upload the client can retry, so take the file back.
            forget(doc);
            throw e;
        }
        LogEvent.of("file.uploaded").with("fileId", doc.id).with("userId", owner).outcome("success")
                .durationSince(written.started()).with("size", doc.size).with("mimeType", doc.mimeType).info(LOG);
        uploadedBytes.record(doc.size);
        return doc;
    }

    private void refund(FileDocument doc) {
        try {
            quotas.refund(doc.ownerId, doc.size);
        } catch (RuntimeException e) {
            LogEvent.of("usage.refund_failed").with("userId", doc.ownerId).with("size", doc.size)
                    .with("error", e.toString()).warn(LOG);
        }
    }

    private void forget(FileDocument doc) {
        try {
            files.deleteById(doc.id);
            quotas.refund(doc.ownerId, doc.size);
        } catch (RuntimeException e) {
            LogEvent.of("upload.orphan_document").with("fileId", doc.id).with("error", e.toString())
                    .with("detail", "stored without its file.uploaded event").error(LOG, null);
            return; // the document still points at the blob: keep it
        }
        try {
            storage.delete(doc.storageKey);
        } catch (IOException | RuntimeException e) {
            LogEvent.of("upload.orphan_blob").with("key", doc.storageKey).with("error", e.toString()).warn(LOG);
        }
    }

    private ApiException tooLarge(String displayName) {
        return ApiException.tooLarge(ErrorCode.FILE_TOO_LARGE, "File too large: '" + displayName
                + "' exceeds the limit of " + maxFileSize + " bytes");
    }

    /** The caller's live folder a file goes into or is listed from; null for the root. */
    private ObjectId targetFolderId(String rawFolderId, ObjectId owner) {
        return ownership.targetFolder(rawFolderId, owner, "Invalid folder ID", "Folder not found").map(f -> f.id)
                .orElse(null);
    }

    public List<FileView> listFolder(String rawFolderId, ObjectId owner) {
        ObjectId folderId = targetFolderId(rawFolderId, owner);
        return files.listInFolder(owner, folderId).stream().map(FileView::of).toList();
    }

    /** Rename ({name}) and/or move ({folderId}); both in one request are applied together. */
    public FileView update(String id, RenameOrMove change, ObjectId owner) {
        FileDocument file = ownership.activeFile(id, owner);
        change.requireChange(ItemKind.FILE);
        ObjectId targetFolder = change.moves() ? targetFolderId(change.targetFolderId(), owner) : file.folderId;
        boolean moved = !Objects.equals(targetFolder, file.folderId);
        Optional<String> name = change.newName(ItemKind.FILE, file.originalName, moved,
                key -> files.nameTaken(owner, targetFolder, key, file.id));
        boolean renamed = name.filter(n -> !n.equals(file.originalName)).isPresent();
        name.ifPresent(file::named);
        file.folderId = targetFolder;
        file.updatedAt = Dates.now();
        files.update(file);
        if (renamed) {
            events.renamed(file);
        }
        if (moved) {
            events.moved(file);
        }
        return FileView.of(file);
    }
}
