package dev.opendrive.api.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.multipart.FileUpload;

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
import dev.opendrive.api.usage.Usage;
import dev.opendrive.api.usage.UsageCounters;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;

/** Uploads, renames and moves of files. */
@ApplicationScoped
public class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class);
    public static final String FILES_FIELD = "files";
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
    private final UsageCounters usage;
    private final UploadSpoolSweeper spoolSweeper;

    public FileService(FileRepository files, Ownership ownership, StorageProvider storage, ContentTypeSniffer sniffer,
            FileEvents events, FilesConfig filesConfig, OpenDriveConfig config, MeterRegistry metrics,
            UsageCounters usage, UploadSpoolSweeper spoolSweeper) {
        this.files = files;
        this.spoolSweeper = spoolSweeper;
        this.usage = usage;
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
     * Stores every part of the "files" field into the folder. The whole request is checked first
     * (folder, count, sizes) so a bad request stores nothing; a failure of one file afterwards is
     * reported for that file and never leaves a blob without a document. The first upload of the
     * process also clears what earlier processes left in the multipart spool directory.
     */
    public UploadResult upload(List<FileUpload> uploads, String rawFolderId, ObjectId owner) {
        spoolSweeper.sweepOnce();
        ObjectId folderId = targetFolderId(rawFolderId, owner);
        for (FileUpload u : uploads) {
            if (!FILES_FIELD.equals(u.name())) {
                throw ApiException.badRequest(ErrorCode.UNEXPECTED_FIELD,
                        "Unexpected file field '" + u.name() + "': send files in the 'files' field");
            }
        }
        if (uploads.isEmpty()) {
            throw ApiException.badRequest(ErrorCode.NO_FILES, "No files uploaded");
        }
        if (uploads.size() > filesConfig.maxFilesPerUpload()) {
            throw ApiException.badRequest(ErrorCode.TOO_MANY_FILES,
                    "Too many files: at most " + filesConfig.maxFilesPerUpload() + " per upload");
        }
        for (FileUpload u : uploads) {
            if (u.size() > maxFileSize) {
                throw tooLarge(Names.fromUpload(u.fileName()));
            }
        }
        List<FileView> stored = new ArrayList<>();
        List<UploadResult.UploadError> errors = new ArrayList<>();
        ApiException firstError = null;
        for (FileUpload u : uploads) {
            String displayName = Names.fromUpload(u.fileName());
            long started = System.nanoTime();
            try {
                stored.add(FileView.of(storeOne(u, displayName, folderId, owner, started)));
            } catch (ApiException e) {
                errors.add(new UploadResult.UploadError(displayName, e.getMessage(), e.code()));
                firstError = firstError == null ? e : firstError;
            } catch (IOException | RuntimeException e) {
                LogEvent.of("file.uploaded").with("userId", owner).with("fileName", displayName).outcome("failure")
                        .durationSince(started).error(LOG, e);
                errors.add(new UploadResult.UploadError(displayName, "Upload failed", ErrorCode.UPLOAD_FAILED));
                firstError = firstError == null ? new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed") : firstError;
            }
        }
        if (stored.isEmpty()) {
            throw new ApiException(firstError.status(), firstError.code(), firstError.getMessage(),
                    Map.of("files", List.of(), "success", 0, "failed", errors.size(), "errors", errors));
        }
        return new UploadResult(stored, stored.size(), errors.size(), errors.isEmpty() ? null : errors);
    }

    /**
     * (added) One file sent as the raw request body. Its type is sniffed from the first bytes (kept
     * in a small mark buffer) and the rest streams straight into storage: no spool file, and memory
     * stays bounded whatever the size. A declared length over the limit is refused before reading;
     * a chunked body is cut off by the provider as soon as it passes the limit.
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
        InputStream in = new BufferedInputStream(body, SNIFF_BUFFER);
        long started = System.nanoTime();
        try {
            String mimeType = sniffer.sniff(in, displayName);
            FileDocument doc = store(displayName, mimeType, folderId, owner,
                    key -> storage.save(key, in, maxFileSize), started);
            return new UploadResult(List.of(FileView.of(doc)), 1, 0, null);
        } catch (IOException e) {
            LogEvent.of("file.uploaded").with("userId", owner).with("fileName", displayName).outcome("failure")
                    .durationSince(started).error(LOG, e);
            throw new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
        }
    }

    private FileDocument storeOne(FileUpload upload, String displayName, ObjectId folderId, ObjectId owner,
            long started) throws IOException {
        String mimeType = sniffer.sniff(upload.uploadedFile(), displayName);
        return store(displayName, mimeType, folderId, owner,
                key -> storage.saveFile(key, upload.uploadedFile(), maxFileSize), started);
    }

    /** Writes the bytes of one file under a new storage key; the provider enforces maxBytes. */
    @FunctionalInterface
    private interface BlobWriter {
        StoredBlob write(String storageKey) throws IOException;
    }

    /**
     * Everything after the type is known, for both upload routes: the type rule, the size limit,
     * the name conflict policy, the document, the metric and the event. The blob never outlives a
     * failure to record it.
     */
    private FileDocument store(String displayName, String mimeType, ObjectId folderId, ObjectId owner,
            BlobWriter writer, long started) throws IOException {
        if (!filesConfig.allows(mimeType)) {
            throw ApiException.unsupportedType(ErrorCode.TYPE_NOT_ALLOWED, "File type " + mimeType + " is not allowed");
        }
        FileDocument doc = FileDocument.create(owner, folderId);
        StoredBlob blob;
        try {
            blob = writer.write(doc.storageKey);
        } catch (BlobTooLargeException e) {
            throw tooLarge(displayName);
        }
        try {
            doc.named(Names.available(displayName, key -> files.nameTaken(owner, folderId, key, null)));
            doc.name = UUID.randomUUID() + "-" + doc.originalName;
            doc.holding(blob.size(), blob.sha256(), storage.name(), mimeType);
            doc.isShared = false;
            doc.createdAt = Dates.now();
            doc.updatedAt = doc.createdAt;
            files.persist(doc);
        } catch (RuntimeException e) {
            storage.delete(doc.storageKey);
            throw e;
        }
        usage.apply(owner, Usage.fileAdded(doc.size));
        try {
            events.uploaded(doc);
        } catch (RuntimeException e) {
            // The outbox did not take the event (database down): a file nobody will ever thumbnail or
            // index is worse than a failed upload the client can retry, so take the file back.
            forget(doc);
            throw e;
        }
        LogEvent.of("file.uploaded").with("fileId", doc.id).with("userId", owner).outcome("success")
                .durationSince(started).with("size", doc.size).with("mimeType", doc.mimeType).info(LOG);
        uploadedBytes.record(doc.size);
        return doc;
    }

    private void forget(FileDocument doc) {
        try {
            files.deleteById(doc.id);
            usage.apply(doc.ownerId, Usage.fileAdded(doc.size).negate());
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
