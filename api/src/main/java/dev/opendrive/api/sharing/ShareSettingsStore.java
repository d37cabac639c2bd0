package dev.opendrive.api.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.opendrive.model.files.FileRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The "share_settings" collection (one document per share id, read by _id only). Never cached:
 * every public request reads the current document, so a change by the owner (or a revocation, which
 * deletes it) holds from the next request on.
 */
@ApplicationScoped
public class ShareSettingsStore {

    static final String COLLECTION = "share_settings";
    private static final String PASSWORD_HASH = "passwordHash";
    private static final String PASSWORD_STAMP = "passwordStamp";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String MAX_DOWNLOADS = "maxDownloads";
    private static final String DOWNLOAD_COUNT = "downloadCount";
    private static final String MODE = "mode";

    /** What an owner changes: each field present is set (its value null clears it), absent ones stay. */
    public record Change(Optional<String> passwordHash, Optional<String> passwordStamp, boolean passwordGiven,
            Optional<Instant> expiresAt, boolean expiresGiven, Optional<Long> maxDownloads, boolean maxGiven,
            ShareMode mode) {
        boolean isEmpty() {
            return !passwordGiven && !expiresGiven && !maxGiven && mode == null;
        }
    }

    private final FileRepository files;

    public ShareSettingsStore(FileRepository files) {
        this.files = files;
    }

    private MongoCollection<Document> collection() {
        return files.mongoDatabase().getCollection(COLLECTION);
    }

    /** The link's rules; an old-style link (no document) has none. */
    public ShareSettings find(String shareId) {
        Document d = collection().find(Filters.eq("_id", shareId)).first();
        return d == null ? ShareSettings.none(shareId) : read(d);
    }

    /**
     * Applies the owner's change; the download count is never touched here (only by downloads). One
     * upsert: a link without settings yet gets them with a count of 0 (and view mode unless the
     * change names one) in the same write, which answers the settings as written.
     */
    public ShareSettings apply(String shareId, Change change) {
        if (change.isEmpty()) {
            return find(shareId);
        }
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.setOnInsert(DOWNLOAD_COUNT, 0L));
        if (change.passwordGiven()) {
            updates.add(setOrUnset(PASSWORD_HASH, change.passwordHash().orElse(null)));
            updates.add(setOrUnset(PASSWORD_STAMP, change.passwordStamp().orElse(null)));
        }
        if (change.expiresGiven()) {
            updates.add(setOrUnset(EXPIRES_AT, change.expiresAt().map(Date::from).orElse(null)));
        }
        if (change.maxGiven()) {
            updates.add(setOrUnset(MAX_DOWNLOADS, change.maxDownloads().orElse(null)));
        }
        updates.add(change.mode() != null ? Updates.set(MODE, change.mode().wire())
                : Updates.setOnInsert(MODE, ShareMode.VIEW.wire()));
        Bson update = Updates.combine(updates);
        FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true)
                .returnDocument(ReturnDocument.AFTER);
        Document written;
        try {
            written = collection().findOneAndUpdate(Filters.eq("_id", shareId), update, upsert);
        } catch (MongoException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // the owner's other request created it at the same time: it exists now, so this updates it
            written = collection().findOneAndUpdate(Filters.eq("_id", shareId), update, upsert);
        }
        return read(written);
    }

    /**
     * Counts one download if the limit allows it: one conditional update, so downloads that start
     * together cannot pass the limit (the last ones find the count at the limit and change nothing).
     */
    public boolean tryCount(ShareSettings settings) {
        Bson filter = Filters.eq("_id", settings.shareId());
        if (settings.maxDownloads() != null) {
            filter = Filters.and(filter, Filters.eq(MAX_DOWNLOADS, settings.maxDownloads()),
                    Filters.lt(DOWNLOAD_COUNT, settings.maxDownloads()));
        }
        return collection().updateOne(filter, Updates.inc(DOWNLOAD_COUNT, 1L)).getMatchedCount() == 1;
    }

    /** Gives back a count taken by a download that then could not start (content missing, too large). */
    public void uncount(ShareSettings settings) {
        collection().updateOne(Filters.and(Filters.eq("_id", settings.shareId()), Filters.gt(DOWNLOAD_COUNT, 0L)),
                Updates.inc(DOWNLOAD_COUNT, -1L));
    }

    public void delete(String shareId) {
        collection().deleteOne(Filters.eq("_id", shareId));
    }

    private static Bson setOrUnset(String field, Object value) {
        return value == null ? Updates.unset(field) : Updates.set(field, value);
    }

    private static ShareSettings read(Document d) {
        Date expires = d.getDate(EXPIRES_AT);
        Number max = d.get(MAX_DOWNLOADS, Number.class);
        Number count = d.get(DOWNLOAD_COUNT, Number.class);
        return new ShareSettings(d.getString("_id"), d.getString(PASSWORD_HASH), d.getString(PASSWORD_STAMP),
                expires == null ? null : expires.toInstant(), max == null ? null : max.longValue(),
                count == null ? 0 : count.longValue(),
                "drop".equals(d.getString(MODE)) ? ShareMode.DROP : ShareMode.VIEW, true);
    }
}
