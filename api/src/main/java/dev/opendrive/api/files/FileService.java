package dev.opendrive.api.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.bson.types.ObjectId;

import com.mongodb.MongoSocketException;
import com.mongodb.client.model.Updates;
import com.mongodb.MongoTimeoutException;
import org.jboss.logging.Logger;

import dev.opendrive.api.access.Ownership;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.folders.FolderDocument;
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
import dev.opendrive.model.search.NameIndex;

/** Uploads, renames and moves of files. */
@ApplicationScoped
public class FileService {

    private static final Logger LOG = Logger.getLogger(FileService.class);
    public static final String FILES_FIELD = "files";
    public static final String FOLDER_FIELD = "folderId";
    /** (added) The form field (or query parameter) choosing what a name already taken in the folder does. */
    public static final String ON_CONFLICT_FIELD = "onConflict";
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
    private final FileVersions versions;

    public FileService(FileRepository files, Ownership ownership, StorageProvider storage, ContentTypeSniffer sniffer,
            FileEvents events, FilesConfig filesConfig, OpenDriveConfig config, MeterRegistry metrics,
            Quotas quotas, FileVersions versions) {
        this.files = files;
        this.versions = versions;
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
     * (added) What a name already taken in the folder does: {@code onConflict} from the query, else
     * the form's "onConflict" field ({@link OnConflict}; absent: a new file "name (1).ext", as always).
     */
    public UploadResult upload(InputStream body, String contentType, String onConflict, ObjectId owner) {
        return upload(body, contentType, onConflict, owner, raw -> targetFolderId(raw, owner), null);
    }

    /**
     * (added) A visitor's upload through a file-drop link: the same path as the owner's own upload
     * (limits, sniffing, names, quota, events), into {@code folder} only; a "folderId" field is refused,
     * and a taken name always gives a new file: a visitor never replaces the owner's content.
     */
    public UploadResult uploadInto(InputStream body, String contentType, FolderDocument folder) {
        return upload(body, contentType, OnConflict.RENAME.name(), folder.ownerId, raw -> {
            throw ApiException.badRequest(ErrorCode.UNEXPECTED_FIELD, "This upload goes into the shared folder: "
                    + "send no folderId");
        }, folder.id);
    }

    private UploadResult upload(InputStream body, String contentType, String onConflict, ObjectId owner,
            Function<String, ObjectId> folderOf, ObjectId defaultFolder) {
        List<Pending> pending = new ArrayList<>();
        MultipartStream form = null;
        ObjectId folderId;
        OnConflict policy;
        Quotas.Standing standing;
        try {
            OnConflict fromQuery = onConflict == null ? null : OnConflict.parse(onConflict);
            standing = quotas.standing(owner);
            form = MultipartStream.of(body, contentType);
            Form read = readForm(form, owner, pending, new Budget(standing), folderOf, defaultFolder);
            folderId = read.folderId();
            policy = fromQuery != null ? fromQuery : read.onConflict();
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
        List<String> replaced = new ArrayList<>();
        List<UploadResult.UploadError> errors = new ArrayList<>();
        ApiException firstError = null;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            ApiException error = p.error();
            if (error == null) {
                try {
                    Optional<FileDocument> existing = policy == OnConflict.VERSION
                            ? files.findLiveByName(owner, folderId, NameIndex.key(p.displayName()))
                            : Optional.empty();
                    if (existing.isPresent()) {
                        WrittenBlob w = p.blob();
                        FileDocument doc = commitReplacement(owner, existing.get(), contentOf(w.doc()), standing,
                                w.displayName(), w.started());
                        stored.add(FileView.of(doc));
                        replaced.add(doc.id.toHexString());
                    } else {
                        stored.add(FileView.of(store(p.blob(), folderId, owner, standing)));
                    }
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
        return new UploadResult(stored, stored.size(), errors.size(), errors.isEmpty() ? null : errors,
                replaced.isEmpty() ? null : replaced);
    }

    /**
     * (added) What an upload does when its name is already taken by a live file of the folder:
     * {@code rename} (the default, as always) stores a new file "name (1).ext"; {@code version}
     * replaces that file's content and keeps the old one as a version ({@link #replaceContent}).
     */
    public enum OnConflict {
        RENAME, VERSION;

        public static OnConflict parse(String raw) {
            String v = raw == null ? "" : raw.trim().toLowerCase(java.util.Locale.ROOT);
            return switch (v) {
                case "", "rename" -> RENAME;
                case "version" -> VERSION;
                default -> throw ApiException.badRequest(ErrorCode.INVALID_ON_CONFLICT,
                        "onConflict must be 'rename' (the default) or 'version'");
            };
        }
    }

    /** What the form said besides its files. */
    private record Form(ObjectId folderId, OnConflict onConflict) {
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
    private Form readForm(MultipartStream form, ObjectId owner, List<Pending> pending, Budget budget,
            Function<String, ObjectId> folderOf, ObjectId defaultFolder) throws IOException {
        ObjectId folderId = defaultFolder;
        OnConflict onConflict = OnConflict.RENAME;
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
                    folderId = folderOf.apply(raw);
                    folderSeen = true;
                } else if (ON_CONFLICT_FIELD.equals(part.name())) {
                    String raw = part.text(MAX_FOLDER_FIELD);
                    onConflict = OnConflict.parse(raw == null ? "(too long)" : raw);
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
        return new Form(folderId, onConflict);
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
     * passes either. With {@code onConflict=version} and a live file of that name in the folder, that
     * file's content is replaced ({@link #replaceContent}) and its id is in {@code replaced}.
     */
    public UploadResult uploadStream(InputStream body, String rawName, String rawFolderId, Long declaredLength,
            String onConflict, ObjectId owner) {
        OnConflict policy = OnConflict.parse(onConflict);
        return uploadStream(body, rawName, targetFolderId(rawFolderId, owner), declaredLength, policy, owner);
    }

    /**
     * (added) One file as the raw body through a file-drop link, into {@code folder}, as
     * {@link #uploadStream}; a taken name gives a new file (a visitor never replaces content).
     */
    public UploadResult uploadStreamInto(InputStream body, String rawName, Long declaredLength, FolderDocument folder) {
        return uploadStream(body, rawName, folder.id, declaredLength, OnConflict.RENAME, folder.ownerId);
    }

    private UploadResult uploadStream(InputStream body, String rawName, ObjectId folderId, Long declaredLength,
            OnConflict policy, ObjectId owner) {
        String displayName = displayName(rawName);
        if (policy == OnConflict.VERSION) {
            Optional<FileDocument> existing = files.findLiveByName(owner, folderId, NameIndex.key(displayName));
            if (existing.isPresent()) {
                FileView view = FileView.of(replaceContent(owner, existing.get(), body, declaredLength));
                return new UploadResult(List.of(view), 1, 0, null, List.of(view.id()));
            }
        }
        return new UploadResult(List.of(FileView.of(storeStream(body, displayName, folderId, declaredLength, owner))),
                1, 0, null);
    }

    /**
     * (added) As {@link #uploadStream} (a taken name gives a new file "name (1).ext"), answering the
     * document as stored: for WebDAV, which sends the new file's ETag.
     */
    public FileDocument storeStream(InputStream body, String rawName, String rawFolderId, Long declaredLength,
            ObjectId owner) {
        ObjectId folderId = targetFolderId(rawFolderId, owner); // checked first, as uploadStream does
        return storeStream(body, displayName(rawName), folderId, declaredLength, owner);
    }

    private FileDocument storeStream(InputStream body, String displayName, ObjectId folderId, Long declaredLength,
            ObjectId owner) {
        Quotas.Standing standing = admit(displayName, declaredLength, owner);
        InputStream in = new BufferedInputStream(body, SNIFF_BUFFER);
        long started = System.nanoTime();
        try {
            String mimeType = sniffer.sniff(in, displayName);
            WrittenBlob blob = writeBlob(displayName, mimeType, owner, in, standing.free(), standing, started);
            return store(blob, folderId, owner, standing);
        } catch (IOException e) {
            LogEvent.of("file.uploaded").with("userId", owner).with("fileName", displayName).outcome("failure")
                    .durationSince(started).error(LOG, e);
            throw new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
        }
    }

    /** Where a single-stream upload goes, once its folder, name, declared size and the quota were checked. */
    public record StreamTarget(ObjectId folderId, String displayName, Quotas.Standing standing) {
    }

    /**
     * The checks {@link #uploadStream} makes before it reads a byte, on their own for uploads whose
     * bytes come later (a resumable upload is refused at its creation by the same rules, and its
     * completion goes through {@link #uploadStream}, which makes them again).
     */
    public StreamTarget checkStream(String rawName, String rawFolderId, Long declaredLength, ObjectId owner) {
        ObjectId folderId = targetFolderId(rawFolderId, owner);
        String displayName = displayName(rawName);
        return new StreamTarget(folderId, displayName, admit(displayName, declaredLength, owner));
    }

    private static String displayName(String rawName) {
        if (rawName == null || rawName.isBlank()) {
            throw ApiException.badRequest(ErrorCode.NAME_REQUIRED, "File name is required: send it as ?name=");
        }
        return Names.fromUpload(rawName);
    }

    /** A declared size over the file limit or over what the quota leaves is refused before a byte is read. */
    private Quotas.Standing admit(String displayName, Long declaredLength, ObjectId owner) {
        if (declaredLength != null && declaredLength > maxFileSize) {
            throw tooLarge(displayName);
        }
        Quotas.Standing standing = quotas.standing(owner);
        if (declaredLength != null && declaredLength > standing.free()) {
            throw quotas.exceeded(displayName, standing);
        }
        return standing;
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
        requireAllowed(mimeType);
        FileDocument doc = FileDocument.create(owner, null);
        StoredBlob blob = saveWithin(doc.storageKey, in, room, displayName, standing);
        doc.holding(blob.size(), blob.sha256(), storage.name(), mimeType);
        return new WrittenBlob(doc, displayName, started);
    }

    private void requireAllowed(String mimeType) {
        if (!filesConfig.allows(mimeType)) {
            throw ApiException.unsupportedType(ErrorCode.TYPE_NOT_ALLOWED, "File type " + mimeType + " is not allowed");
        }
    }

    /** The bytes under {@code key}, up to the size limit and {@code room}: past either the provider stops and leaves nothing. */
    private StoredBlob saveWithin(String key, InputStream in, long room, String displayName, Quotas.Standing standing)
            throws IOException {
        long limit = Math.min(maxFileSize, room);
        try {
            return storage.save(key, in, limit);
        } catch (BlobTooLargeException e) {
            throw limit < maxFileSize ? quotas.exceeded(displayName, room, standing.quota()) : tooLarge(displayName);
        }
    }

    /**
     * (added) THE ONE WAY A FILE'S CONTENT IS REPLACED — every route that overwrites an existing file
     * calls it: the opt-in multipart upload and {@code PUT /api/files/content} (onConflict=version),
     * and tus uploads and WebDAV PUT onto an existing file.
     * <p>
     * Contract:
     * <ul>
     * <li>{@code file} is a live file of {@code owner} as the caller just found it (by name in its
     * folder); the write is conditional on that state ({@link FileVersions}), so a file trashed or
     * changed meanwhile is read again: 404 FILE_NOT_FOUND once it is no longer live.</li>
     * <li>{@code body} is read to its end (not closed: the caller owns it) and streamed to a new blob;
     * the type is sniffed from its first bytes and the file's name. {@code declaredLength} (null:
     * unknown, e.g. chunked) lets a body over MAX_FILE_SIZE (413 FILE_TOO_LARGE) or over the quota
     * (507 QUOTA_EXCEEDED) be refused before reading; otherwise the stream is cut off as it passes
     * either. ALLOWED_MIME_TYPES applies (415 TYPE_NOT_ALLOWED); a storage or stream failure is 500
     * UPLOAD_FAILED. On any error nothing changes: file, versions, counters and storage are as before.</li>
     * <li>The new bytes are charged to the quota atomically (old content is kept, so the whole new
     * size counts). On success the file keeps its id, name, folder and share link; its content
     * (storageKey, size, sha256, mimeType, updatedAt) is the new one, the old one is its newest
     * version, versions past MAX_VERSIONS / VERSION_RETENTION are deleted and refunded, the thumbnail
     * is cleared and a file.uploaded event makes the workers render and index the new content.</li>
     * <li>Concurrent calls for one file are all kept: each one's predecessor becomes a version (the
     * last to commit is current). A call that loses {@value FileVersions#MAX_ATTEMPTS} races in a row
     * answers 409 CONTENT_CONFLICT and keeps nothing.</li>
     * </ul>
     * Answers the file as it is after the change.
     */
    public FileDocument replaceContent(ObjectId owner, FileDocument file, InputStream body, Long declaredLength) {
        String displayName = file.originalName;
        Quotas.Standing standing = admit(displayName, declaredLength, owner);
        InputStream in = new BufferedInputStream(body, SNIFF_BUFFER);
        long started = System.nanoTime();
        String key = StorageKeys.content(owner, file.id, new ObjectId());
        StoredBlob blob;
        String mimeType;
        try {
            mimeType = sniffer.sniff(in, displayName);
            requireAllowed(mimeType);
            blob = saveWithin(key, in, standing.free(), displayName, standing);
        } catch (IOException e) {
            deleteBlob(key);
            LogEvent.of("file.replaced").with("fileId", file.id).with("userId", owner).outcome("failure")
                    .durationSince(started).error(LOG, e);
            throw new ApiException(500, ErrorCode.UPLOAD_FAILED, "Upload failed");
        }
        FileVersions.NewContent content = new FileVersions.NewContent(key, storage.name(), blob.size(), blob.sha256(),
                mimeType);
        return commitReplacement(owner, file, content, standing, displayName, started);
    }

    private static FileVersions.NewContent contentOf(FileDocument written) {
        return new FileVersions.NewContent(written.storageKey, written.storageProvider, written.size, written.sha256,
                written.mimeType);
    }

    /**
     * The second half of a replacement, for a content already in storage (under any key of its own):
     * charged, then made current; on any failure it is refunded and its blob deleted.
     */
    private FileDocument commitReplacement(ObjectId owner, FileDocument file, FileVersions.NewContent content,
            Quotas.Standing standing, String displayName, long started) {
        try {
            quotas.charge(owner, Quotas.Charge.BYTES, content.size(), standing.quota(), displayName);
        } catch (RuntimeException e) {
            deleteBlob(content.storageKey());
            throw e;
        }
        FileDocument doc;
        try {
            doc = versions.replace(owner, file, content);
        } catch (RuntimeException e) {
            quotas.refundOrLog(owner, Quotas.Charge.BYTES, content.size());
            deleteBlob(content.storageKey());
            throw e;
        }
        LogEvent.of("file.replaced").with("fileId", doc.id).with("userId", owner).outcome("success")
                .durationSince(started).with("size", doc.size).with("mimeType", doc.mimeType)
                .with("versions", doc.versionList().size()).info(LOG);
        uploadedBytes.record(doc.size);
        return doc;
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
            quotas.charge(owner, Quotas.Charge.FILE, doc.size, standing.quota(), written.displayName());
        } catch (RuntimeException e) {
            deleteBlob(doc.storageKey);
            throw e;
        }
        try {
            files.persist(doc);
        } catch (RuntimeException e) {
            quotas.refundOrLog(doc.ownerId, Quotas.Charge.FILE, doc.size);
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

    private void forget(FileDocument doc) {
        try {
            files.deleteById(doc.id);
            quotas.refund(doc.ownerId, Quotas.Charge.FILE, doc.size);
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
        // only what a rename or move changes: the content may be replaced at the same time
        files.setFields(file.id, Updates.combine(Updates.set("originalName", file.originalName),
                Updates.set("nameKey", file.nameKey), Updates.set("nameGrams", file.nameGrams),
                Updates.set("folderId", file.folderId), Updates.set("updatedAt", file.updatedAt)));
        if (renamed) {
            events.renamed(file);
        }
        if (moved) {
            events.moved(file);
        }
        return FileView.of(file);
    }
}
