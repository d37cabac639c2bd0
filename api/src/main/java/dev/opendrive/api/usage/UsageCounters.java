package dev.opendrive.api.usage;

import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.auth.UserRepository;
import dev.opendrive.model.db.EmbeddedDatabase;
import dev.opendrive.model.db.MongoClientCreated;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import dev.opendrive.platform.logging.LogEvent;

/**
 * Per-user counters of files, folders and bytes (collection "usage", one document per user, _id =
 * the user's id), changed with an atomic $inc next to every write that changes them, so reading
 * them (stats, quotas) costs one lookup instead of a pass over the user's files.
 * <p>
 * {@code chargedBytes} is what counts toward the quota, live and trashed bytes together, kept in its
 * own field by the same $inc: a quota check is then one conditional update on one field
 * ({@link #addWithin}), which needs no {@code $expr} and no transaction. The document also holds
 * the user's quota when an operator set one ({@code quota}; {@link Quotas}): recounts leave it alone.
 * <p>
 * A user without a counter document, or with one from before {@code chargedBytes}, is counted from
 * the documents on first use. Counters can drift if the process dies between a write and its $inc;
 * {@link #recount} repairs a user and {@link #recountAll} everyone (the admin route, and the
 * embedded database after a crash).
 */
@ApplicationScoped
public class UsageCounters {

    private static final Logger LOG = Logger.getLogger(UsageCounters.class);
    static final String COLLECTION = "usage";
    static final String CHARGED = "chargedBytes";
    static final String QUOTA = "quota";

    private final FileRepository files;
    private final FolderRepository folders;
    private final UserRepository users;

    public UsageCounters(FileRepository files, FolderRepository folders, UserRepository users) {
        this.files = files;
        this.folders = folders;
        this.users = users;
    }

    /**
     * After a crash of the monolith, a write may have happened without its $inc: recount everyone
     * in the background (the observer runs while the client is being created, so not here).
     */
    static void onDatabase(@Observes MongoClientCreated created, Instance<EmbeddedDatabase> embedded,
            Instance<UsageCounters> counters) {
        if (embedded.isResolvable() && embedded.get().recoveredFromCrash()) {
            Thread recount = new Thread(() -> {
                try {
                    LogEvent.of("usage.recount_after_crash")
                            .with("detail", "the embedded database was not closed cleanly").info(LOG);
                    counters.get().recountAll();
                } catch (RuntimeException e) {
                    LogEvent.of("usage.recount_failed").with("error", e.toString()).warn(LOG);
                }
            }, "opendrive-usage-recount");
            recount.setDaemon(true);
            recount.start();
        }
    }

    private MongoCollection<Document> collection() {
        return files.mongoDatabase().getCollection(COLLECTION);
    }

    /** Applies a change made by a write that already happened. */
    public void apply(ObjectId owner, Usage delta) {
        if (delta.isZero()) {
            return;
        }
        if (collection().updateOne(counted(owner), inc(delta)).getMatchedCount() == 0) {
            // no counters yet (or from before chargedBytes): the documents, which already include
            // this write, are the truth
            recount(owner);
        }
    }

    /**
     * Adds {@code delta} (a new file, or bytes a live file gains: {@link Quotas.Charge}), before the
     * document that holds them is written, only if the bytes charged to the user stay within
     * {@code limit} (Long.MAX_VALUE: no limit): one conditional update, so concurrent uploads cannot
     * pass the limit together. False (nothing changed) when they do not fit. A failure to write the
     * document afterwards must {@link #apply} the negation.
     */
    public boolean addWithin(ObjectId owner, Usage delta, long limit) {
        long size = delta.bytes();
        Bson fits = limit == Long.MAX_VALUE ? counted(owner)
                : Filters.and(counted(owner), Filters.lte(CHARGED, limit - size));
        if (collection().updateOne(fits, inc(delta)).getMatchedCount() == 1) {
            return true;
        }
        Document found = collection().find(Filters.eq("_id", owner)).first();
        if (found != null && found.containsKey(CHARGED)) {
            return false;
        }
        // counted from the documents first (this file has none yet), then the same check
        recount(owner);
        return collection().updateOne(fits, inc(delta)).getMatchedCount() == 1;
    }

    public Usage read(ObjectId owner) {
        return readWithQuota(owner).usage();
    }

    /** The counters and the quota an operator set for the user (empty: the default), in one lookup. */
    public record Counted(Usage usage, Optional<Quota> quota) {
    }

    public Counted readWithQuota(ObjectId owner) {
        Document found = collection().find(Filters.eq("_id", owner)).first();
        Optional<Quota> quota = found == null ? Optional.empty() : quotaOf(found);
        if (found == null || !found.containsKey(CHARGED)) {
            return new Counted(recount(owner), quota);
        }
        return new Counted(fromDocument(found), quota);
    }

    /** Sets the user's own quota, or with an empty one goes back to the default. */
    public void setQuota(ObjectId owner, Optional<Quota> quota) {
        Bson update = quota.isPresent() ? Updates.set(QUOTA, quota.get().bytes()) : Updates.unset(QUOTA);
        // a user without counters gets a document holding only the quota: counted on first use
        collection().updateOne(Filters.eq("_id", owner), update, new UpdateOptions().upsert(true));
    }

    private static Optional<Quota> quotaOf(Document d) {
        return d.get(QUOTA) instanceof Number n ? Optional.of(new Quota(Math.max(-1, n.longValue())))
                : Optional.empty();
    }

    /** The user's counter document, only once it has chargedBytes. */
    private static Bson counted(ObjectId owner) {
        return Filters.and(Filters.eq("_id", owner), Filters.exists(CHARGED));
    }

    private static Bson inc(Usage delta) {
        return Updates.combine(Updates.inc("files", delta.files()), Updates.inc("bytes", delta.bytes()),
                Updates.inc("folders", delta.folders()), Updates.inc("trashedFiles", delta.trashedFiles()),
                Updates.inc("trashedBytes", delta.trashedBytes()), Updates.inc("trashedFolders", delta.trashedFolders()),
                Updates.inc(CHARGED, delta.bytes() + delta.trashedBytes()));
    }

    /** Counts the user's documents and stores the result. */
    public Usage recount(ObjectId owner) {
        long[] live = files.countAndStoredBytes(Filters.and(Filters.eq("ownerId", owner), Filters.eq("deletedAt", null)));
        long[] trashed = files.countAndStoredBytes(Filters.and(Filters.eq("ownerId", owner), Filters.ne("deletedAt", null)));
        long liveFolders = folders.mongoCollection()
                .countDocuments(Filters.and(Filters.eq("ownerId", owner), Filters.eq("deletedAt", null)));
        long trashedFolders = folders.mongoCollection()
                .countDocuments(Filters.and(Filters.eq("ownerId", owner), Filters.ne("deletedAt", null)));
        Usage usage = new Usage(live[0], live[1], liveFolders, trashed[0], trashed[1], trashedFolders);
        // $set, not a replace: the quota an operator set stays
        collection().updateOne(Filters.eq("_id", owner), set(usage), new UpdateOptions().upsert(true));
        return usage;
    }

    /** Recounts every user; returns how many counter documents were wrong. */
    public long recountAll() {
        long started = System.nanoTime();
        long users = 0;
        long repaired = 0;
        for (var user : this.users.mongoCollection().find().projection(new Document("_id", 1))) {
            ObjectId owner = user.id;
            Document before = collection().find(Filters.eq("_id", owner)).first();
            Usage now = recount(owner);
            users++;
            if (before == null || !fromDocument(before).equals(now) || n(before, CHARGED) != charged(now)) {
                repaired++;
            }
        }
        LogEvent.of("usage.recounted").with("users", users).with("repaired", repaired).durationSince(started)
                .info(LOG);
        return repaired;
    }

    private static Bson set(Usage u) {
        return Updates.combine(Updates.set("files", u.files()), Updates.set("bytes", u.bytes()),
                Updates.set("folders", u.folders()), Updates.set("trashedFiles", u.trashedFiles()),
                Updates.set("trashedBytes", u.trashedBytes()), Updates.set("trashedFolders", u.trashedFolders()),
                Updates.set(CHARGED, charged(u)));
    }

    /** What counts toward the quota: the trash takes space until it is emptied. */
    public static long charged(Usage u) {
        return u.bytes() + u.trashedBytes();
    }

    private static Usage fromDocument(Document d) {
        return new Usage(n(d, "files"), n(d, "bytes"), n(d, "folders"), n(d, "trashedFiles"), n(d, "trashedBytes"),
                n(d, "trashedFolders"));
    }

    private static long n(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number number ? number.longValue() : 0;
    }
}
