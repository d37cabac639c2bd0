package dev.opendrive.searchindexer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.model.search.SearchIndexDocument;
import dev.opendrive.model.search.SearchIndexRepository;
import dev.opendrive.model.search.Tokenizer;
import dev.opendrive.storage.BlobNotFoundException;
import dev.opendrive.storage.StorageProvider;
import io.quarkus.mongodb.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps one search-index entry per file, always from the file's current document (never from an
 * event's copy), so that events delivered twice or out of order still end in the right state:
 * everything here is an upsert by file id or a delete, and a file that no longer exists removes
 * its entry.
 */
@ApplicationScoped
public class SearchIndexer {

    private static final Logger LOG = Logger.getLogger(SearchIndexer.class);

    /** What a call did, for logs, tests and the re-index report. */
    public enum Outcome {
        /** Content extracted (or skipped with a reason) and the entry written. */
        INDEXED,
        /** The entry was current: only the name and folder were refreshed. */
        NAME_UPDATED,
        /** The file no longer exists: its entry (if any) was removed. */
        REMOVED,
        /** The file's blob is missing: nothing was written. */
        BLOB_MISSING
    }

    public record Report(int indexed, int removed, int failed) {
    }

    private final FileRepository files;
    private final SearchIndexRepository index;
    private final StorageProvider storage;
    private final ContentExtractor extractor;
    private final int maxContentTokens;

    @Inject
    public SearchIndexer(FileRepository files, SearchIndexRepository index, StorageProvider storage,
            SearchIndexConfig config) {
        this(files, index, storage,
                new ContentExtractor(config.maxExtractedChars(), config.pdfTimeBudget(), System::nanoTime),
                config.maxContentTokens());
    }

    SearchIndexer(FileRepository files, SearchIndexRepository index, StorageProvider storage, int maxChars,
            int maxContentTokens) {
        this(files, index, storage, new ContentExtractor(maxChars), maxContentTokens);
    }

    private SearchIndexer(FileRepository files, SearchIndexRepository index, StorageProvider storage,
            ContentExtractor extractor, int maxContentTokens) {
        this.files = files;
        this.index = index;
        this.storage = storage;
        this.extractor = extractor;
        this.maxContentTokens = maxContentTokens;
    }

    /**
     * Indexes the file's name and content. Unless {@code force}, content already extracted from the
     * same bytes with the current tokenizer is kept and only the name part is refreshed.
     */
    public Outcome index(ObjectId fileId, boolean force) throws IOException {
        FileDocument file = files.findById(fileId);
        if (file == null) {
            return remove(fileId, "file no longer exists");
        }
        if (!force) {
            SearchIndexDocument existing = index.findById(fileId);
            if (existing != null && current(existing, file)) {
                return refreshName(file);
            }
        }
        return indexContent(file);
    }

    /** After a rename or move: the name part only, or a full index when there is no entry yet. */
    public Outcome rename(ObjectId fileId) throws IOException {
        FileDocument file = files.findById(fileId);
        if (file == null) {
            return remove(fileId, "file no longer exists");
        }
        if (index.updateName(file.id, file.folderId, file.originalName, Tokenizer.indexTokens(file.originalName))) {
            return Outcome.NAME_UPDATED;
        }
        return indexContent(file);
    }

    public Outcome remove(ObjectId fileId, String why) {
        if (index.deleteById(fileId)) {
            LOG.infof("event=index.removed fileId=%s reason=%s", fileId, why);
        }
        return Outcome.REMOVED;
    }

    /** Re-extracts every file of the owner (trashed ones too, so a restore finds them) and drops stale entries. */
    public Report reindexOwner(ObjectId ownerId) {
        return reindex(files.find("{ownerId: ?1}", ownerId), index.find("{ownerId: ?1}", ownerId));
    }

    /** Re-extracts every file of every owner: for upgrades of the tokenizer and repairs. */
    public Report reindexAll() {
        return reindex(files.findAll(), index.findAll());
    }

    private Report reindex(PanacheQuery<FileDocument> all, PanacheQuery<SearchIndexDocument> entries) {
        int indexed = 0;
        int failed = 0;
        int removed = 0;
        Set<ObjectId> seen = new LinkedHashSet<>();
        try (var stream = all.stream()) {
            for (FileDocument file : (Iterable<FileDocument>) stream::iterator) {
                seen.add(file.id);
                try {
                    if (indexContent(file) == Outcome.INDEXED) {
                        indexed++;
                    }
                } catch (IOException | RuntimeException e) {
                    failed++;
                    LogEvent.of("index.failed").with("fileId", file.id).with("userId", file.ownerId)
                            .outcome("failure").with("error", e.toString()).warn(LOG);
                }
            }
        }
        List<ObjectId> stale = new ArrayList<>();
        try (var stream = entries.stream()) {
            stream.filter(e -> !seen.contains(e.id)).forEach(e -> stale.add(e.id));
        }
        for (ObjectId id : stale) {
            remove(id, "file no longer exists");
            removed++;
        }
        LOG.infof("event=index.reindexed indexed=%d removed=%d failed=%d", indexed, removed, failed);
        return new Report(indexed, removed, failed);
    }

    private boolean current(SearchIndexDocument entry, FileDocument file) {
        return entry.tokenizerVersion == Tokenizer.VERSION && Objects.equals(entry.sha256, file.sha256)
                && entry.sha256 != null && entry.indexedAt != null;
    }

    private Outcome refreshName(FileDocument file) throws IOException {
        if (index.updateName(file.id, file.folderId, file.originalName, Tokenizer.indexTokens(file.originalName))) {
            return Outcome.NAME_UPDATED;
        }
        return indexContent(file);
    }

    private Outcome indexContent(FileDocument file) throws IOException {
        long started = System.nanoTime();
        Extraction extraction;
        if (file.storageKey == null) {
            extraction = Extraction.skipped("no storage key");
        } else {
            try (InputStream in = storage.open(file.storageKey)) {
                extraction = extractor.extract(in, file.mimeType);
            } catch (BlobNotFoundException e) {
                LOG.warnf("event=index.skipped fileId=%s reason=\"blob missing\" key=%s", file.id, file.storageKey);
                return Outcome.BLOB_MISSING;
            }
        }
        List<String> tokens = Tokenizer.indexTokens(extraction.text());
        boolean tokensCut = tokens.size() > maxContentTokens;
        if (tokensCut) {
            tokens = new ArrayList<>(tokens.subList(0, maxContentTokens));
        }
        // Names come from the document as it is now: a rename handled while the text was being
        // extracted must not be overwritten by the name read before.
        FileDocument now = files.findById(file.id);
        if (now == null) {
            return remove(file.id, "file deleted while indexing");
        }
        SearchIndexDocument entry = new SearchIndexDocument();
        entry.id = now.id;
        entry.ownerId = now.ownerId;
        entry.folderId = now.folderId;
        entry.name = now.originalName;
        entry.nameTokens = Tokenizer.indexTokens(now.originalName == null ? "" : now.originalName);
        entry.contentTokens = tokens;
        entry.sha256 = file.sha256;
        entry.mimeType = file.mimeType;
        entry.size = file.size;
        entry.contentChars = extraction.text().length();
        entry.truncated = extraction.truncated() || tokensCut;
        entry.skipped = extraction.skipped();
        entry.tokenizerVersion = Tokenizer.VERSION;
        entry.indexedAt = Instant.now();
        entry.updatedAt = entry.indexedAt;
        index.persistOrUpdate(entry);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (extraction.isSkipped()) {
            LOG.infof("event=index.skipped fileId=%s mimeType=%s reason=\"%s\" (name indexed)", file.id,
                    file.mimeType, extraction.skipped());
        } else {
            LogEvent.of("index.done").with("fileId", file.id).with("userId", now.ownerId).outcome("success")
                    .with("durationMs", ms).with("mimeType", file.mimeType).with("chars", entry.contentChars)
                    .with("tokens", tokens.size()).with("truncated", entry.truncated).info(LOG);
        }
        if (entry.truncated) {
            LOG.infof("event=index.truncated fileId=%s reason=\"%s\"", file.id,
                    tokensCut ? "more than " + maxContentTokens + " distinct words"
                            : "text past the first " + extractor.maxChars() + " characters not indexed");
        }
        return Outcome.INDEXED;
    }
}
