package dev.opendrive.api.files;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.access.Ownership;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.events.FileEvents;
import dev.opendrive.api.json.Dates;
import dev.opendrive.api.usage.Quotas;
import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.model.files.FileVersion;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.storage.StorageProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * (added) A file's earlier contents: kept when its content is replaced, listed, downloaded,
 * restored and deleted, pruned past MAX_VERSIONS and VERSION_RETENTION.
 * <p>
 * The content and the versions live in the file document, so every change of them is one update
 * of that document, conditional on the {@code contentRevision} it read (and on the file being
 * live), which it bumps. A change that loses a race re-reads the document and is planned again on
 * what won: two overwrites at the same time both end up kept (the later one current, the earlier
 * one its newest version), nothing is lost and no blob is left without a document. The versions a
 * change drops (pruned, or deleted by the user) are known exactly from the state the update was
 * conditional on, so each dropped blob is deleted and refunded once, by the request that dropped it.
 */
@ApplicationScoped
public class FileVersions {

    private static final Logger LOG = Logger.getLogger(FileVersions.class);
    /** The id that stands for the file's current content in version routes. */
    public static final String CURRENT = "current";
    /**
     * Re-plans after a lost race. Each round one writer wins, so N concurrent writers of one file need
     * at most N rounds; past this the request gives up with 409 rather than spin.
     */
    static final int MAX_ATTEMPTS = 16;

    private final FileRepository files;
    private final Ownership ownership;
    private final StorageProvider storage;
    private final Quotas quotas;
    private final FileEvents events;
    private final BlobResponses blobs;
    private final VersionsConfig config;

    public FileVersions(FileRepository files, Ownership ownership, StorageProvider storage, Quotas quotas,
            FileEvents events, BlobResponses blobs, VersionsConfig config) {
        this.files = files;
        this.ownership = ownership;
        this.storage = storage;
        this.quotas = quotas;
        this.events = events;
        this.blobs = blobs;
        this.config = config;
    }

    /** A content in storage, about to become a file's current one. */
    public record NewContent(String storageKey, String storageProvider, long size, String sha256, String mimeType) {
    }

    /** One entry of a file's history as the API shows it; the current content first. */
    public record VersionView(String versionId, boolean current, long size, String sha256, String mimeType,
            String createdAt, String replacedAt, String storageKey) {

        static VersionView of(FileVersion v) {
            return new VersionView(v.versionId.toHexString(), false, v.size, v.sha256, v.mimeType,
                    Dates.iso(v.createdAt), Dates.iso(v.replacedAt), v.storageKey);
        }

        static VersionView current(FileDocument f) {
            return new VersionView(CURRENT, true, f.size, f.sha256, f.mimeType, Dates.iso(f.contentUploadedAt()), null,
                    f.storageKey);
        }
    }

    /** GET /api/files/{id}/versions: newest first, the current content marked. */
    public record VersionList(String fileId, String name, int maxVersions, List<VersionView> versions) {
    }

    /**
     * Makes {@code content} (already stored and charged to the owner) the current content of the
     * live file {@code held} (as the caller read it: the write is conditional on that state, a lost
     * race re-reads it); the content it replaces becomes the newest version. The caller refunds and deletes
     * the new blob if this throws: 404 when the file is not the owner's live file (any more), 409
     * CONTENT_CONFLICT after {@link #MAX_ATTEMPTS} lost races.
     */
    FileDocument replace(ObjectId owner, FileDocument held, NewContent content) {
        FileDocument file = change(owner, held, (current, now) -> {
            List<FileVersion> versions = new ArrayList<>(current.versionList());
            if (current.storageKey != null) {
                versions.add(FileVersion.ofCurrent(current, now));
            }
            return new Plan(versions, content, now);
        });
        announce(file);
        return file;
    }

    /**
     * The file.uploaded event for a content that is already current (the workers render and index
     * what the document holds). Unlike a new file, it cannot be taken back once the change is
     * written; a lost event leaves the thumbnail and search entry stale until the next change.
     */
    private void announce(FileDocument file) {
        try {
            events.uploaded(file);
        } catch (RuntimeException e) {
            LogEvent.of("file.event_lost").with("fileId", file.id).with("userId", file.ownerId)
                    .with("detail", "content replaced without its file.uploaded event").error(LOG, e);
        }
    }

    public VersionList list(String rawFileId, ObjectId owner) {
        FileDocument file = ownership.activeFile(rawFileId, owner);
        if (expired(file.versionList(), Dates.now()).findAny().isPresent()) {
            // lazily, on the list that shows them: an expired version is never shown
            file = change(owner, file, (current, now) -> new Plan(current.versionList(), null, now));
        }
        List<VersionView> views = new ArrayList<>();
        views.add(VersionView.current(file));
        file.versionList().stream().sorted(Comparator.comparing((FileVersion v) -> v.replacedAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed()).map(VersionView::of).forEach(views::add);
        return new VersionList(file.id.toHexString(), file.originalName, config.maxVersions(), views);
    }

    /** A version's bytes, with the same validators and ranges as the file's own download. */
    public Response download(String rawFileId, String rawVersionId, ObjectId owner, HttpHeaders headers) {
        FileDocument file = ownership.activeFile(rawFileId, owner);
        if (CURRENT.equals(rawVersionId)) {
            return blobs.sendFile(file, false, headers);
        }
        FileVersion v = find(file, rawVersionId);
        String etag = v.sha256 != null ? "\"" + v.sha256 + "\"" : null;
        return blobs.send(new BlobResponses.Blob(v.storageKey, v.size, etag, v.mimeType, file.originalName, false,
                "private, no-cache"), headers);
    }

    /**
     * Makes a version the current content again; the content it replaces becomes a version (the
     * newest). No new bytes: nothing to charge.
     */
    public FileDocument restore(String rawFileId, String rawVersionId, ObjectId owner) {
        FileDocument file = ownership.activeFile(rawFileId, owner);
        requireVersion(rawVersionId);
        FileDocument restored = change(owner, file, (current, now) -> {
            FileVersion target = find(current, rawVersionId);
            List<FileVersion> versions = new ArrayList<>(current.versionList());
            versions.remove(target);
            versions.add(FileVersion.ofCurrent(current, now));
            return new Plan(versions, new NewContent(target.storageKey, target.storageProvider, target.size,
                    target.sha256, target.mimeType), target.createdAt);
        });
        announce(restored);
        LogEvent.of("file.version_restored").with("fileId", restored.id).with("userId", owner)
                .with("versionId", rawVersionId).outcome("success").info(LOG);
        return restored;
    }

    /** Deletes one version: its blob goes and its bytes are refunded. */
    public void delete(String rawFileId, String rawVersionId, ObjectId owner) {
        FileDocument file = ownership.activeFile(rawFileId, owner);
        requireVersion(rawVersionId);
        change(owner, file, (current, now) -> {
            List<FileVersion> versions = new ArrayList<>(current.versionList());
            versions.remove(find(current, rawVersionId));
            return new Plan(versions, null, now);
        });
        LogEvent.of("file.version_deleted").with("fileId", file.id).with("userId", owner)
                .with("versionId", rawVersionId).outcome("success").info(LOG);
    }

    /**
     * A change to plan on the document as read: the versions it should have (before pruning) and,
     * when the content changes, the new content and when it was uploaded.
     */
    private record Plan(List<FileVersion> versions, NewContent content, Instant contentUploadedAt) {
    }

    @FunctionalInterface
    private interface Planner {
        Plan plan(FileDocument current, Instant now);
    }

    /**
     * Plans the change on {@code held} (the owner's live file as the caller read it), prunes, and
     * writes it with one update conditional on that state, which answers the document as written; a
     * lost race re-reads the file and plans again on the new state. Then deletes and refunds what
     * this change dropped. Answers the document as written.
     */
    private FileDocument change(ObjectId owner, FileDocument held, Planner planner) {
        FileDocument file = held;
        for (int attempt = 1;; attempt++) {
            Instant now = Dates.now();
            Plan plan = planner.plan(file, now);
            List<FileVersion> kept = new ArrayList<>(plan.versions());
            List<FileVersion> dropped = new ArrayList<>();
            prune(kept, dropped, now);
            // what the planner took out (a deleted version) is dropped too
            file.versionList().stream().filter(v -> !contains(kept, v) && !contains(dropped, v)
                    && (plan.content() == null || !v.storageKey.equals(plan.content().storageKey())))
                    .forEach(dropped::add);
            long rev = file.contentRevision == null ? 0 : file.contentRevision;
            List<Bson> sets = new ArrayList<>();
            sets.add(Updates.set("versions", kept));
            sets.add(Updates.set("versionBytes", kept.stream().mapToLong(v -> v.size).sum()));
            sets.add(Updates.set("contentRevision", rev + 1));
            if (plan.content() != null) {
                NewContent c = plan.content();
                sets.add(Updates.set("storageKey", c.storageKey()));
                sets.add(Updates.set("storageProvider", c.storageProvider()));
                sets.add(Updates.set("size", c.size()));
                sets.add(Updates.set("sha256", c.sha256()));
                sets.add(Updates.set("mimeType", c.mimeType()));
                sets.add(Updates.set("contentUploadedAt", plan.contentUploadedAt()));
                sets.add(Updates.set("updatedAt", now));
                // the thumbnail was of the old content: the file.uploaded event renders the new one
                sets.add(Updates.set("hasThumbnail", false));
                sets.add(Updates.set("thumbnailPath", null));
                sets.add(Updates.set("thumbnailGeneratedAt", null));
            }
            Bson expected = Filters.and(Filters.eq("_id", file.id), Filters.eq("ownerId", owner),
                    Filters.eq("deletedAt", null), Filters.eq("contentRevision", file.contentRevision));
            // null: the condition did not hold, nothing was written (dropped is not this request's)
            FileDocument written = files.mongoCollection().findOneAndUpdate(expected, Updates.combine(sets),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (written != null) {
                discard(owner, written.id, dropped);
                return written;
            }
            LogEvent.of("file.version_race").with("fileId", held.id).with("attempt", attempt).debug(LOG);
            if (attempt == MAX_ATTEMPTS) {
                throw ApiException.conflict(ErrorCode.CONTENT_CONFLICT,
                        "The file's content kept changing while this request ran; try again");
            }
            file = ownership.activeFile(held.id.toHexString(), owner);
        }
    }

    /** Moves what VERSION_RETENTION and MAX_VERSIONS no longer allow from {@code kept} to {@code dropped}. */
    private void prune(List<FileVersion> kept, List<FileVersion> dropped, Instant now) {
        expired(kept, now).toList().forEach(v -> {
            kept.remove(v);
            dropped.add(v);
        });
        kept.sort(Comparator.comparing((FileVersion v) -> v.replacedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        while (kept.size() > Math.max(0, config.maxVersions())) {
            dropped.add(kept.remove(0)); // the oldest
        }
    }

    private java.util.stream.Stream<FileVersion> expired(List<FileVersion> versions, Instant now) {
        Duration retention = config.retention();
        if (retention.isZero() || retention.isNegative()) {
            return java.util.stream.Stream.empty();
        }
        Instant cutoff = now.minus(retention);
        return versions.stream().filter(v -> v.replacedAt != null && v.replacedAt.isBefore(cutoff));
    }

    private static boolean contains(List<FileVersion> list, FileVersion v) {
        return list.stream().anyMatch(o -> o.versionId.equals(v.versionId));
    }

    /** The versions a written change dropped: their blobs go and their bytes are refunded. */
    private void discard(ObjectId owner, ObjectId fileId, List<FileVersion> dropped) {
        long bytes = 0;
        for (FileVersion v : dropped) {
            bytes += v.size;
            try {
                storage.delete(v.storageKey);
            } catch (IOException | RuntimeException e) {
                LogEvent.of("blob.orphaned").with("fileId", fileId).with("key", v.storageKey)
                        .with("error", e.toString()).warn(LOG);
            }
            LogEvent.of("file.version_dropped").with("fileId", fileId).with("userId", owner)
                    .with("versionId", v.versionId).with("size", v.size).debug(LOG);
        }
        if (bytes > 0) {
            quotas.refundOrLog(owner, Quotas.Charge.BYTES, bytes);
        }
    }

    private static void requireVersion(String rawVersionId) {
        if (CURRENT.equals(rawVersionId)) {
            throw ApiException.conflict(ErrorCode.VERSION_IS_CURRENT, "That is the file's current content");
        }
    }

    private static FileVersion find(FileDocument file, String rawVersionId) {
        Optional<ObjectId> id = ObjectIds.parse(rawVersionId);
        return file.versionList().stream().filter(v -> id.isPresent() && id.get().equals(v.versionId)).findFirst()
                .orElseThrow(() -> ApiException.notFound(ErrorCode.VERSION_NOT_FOUND, "Version not found"));
    }
}
