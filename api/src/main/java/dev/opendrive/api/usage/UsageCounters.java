package dev.opendrive.api.usage;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
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
 * them (stats, and quotas later) costs one lookup instead of a pass over the user's files.
 * <p>
 * A user without a counter document (created before counters existed) is counted from the
 * documents on first use. Counters can drift if the process dies between a write and its $inc;
 * {@link #recount} repairs a user and {@link #recountAll} everyone (the admin route, and the
 * embedded database after a crash).
 */
@ApplicationScoped
public class UsageCounters {

    private static final Logger LOG = Logger.getLogger(UsageCounters.class);
    static final String COLLECTION = "usage";

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
        Bson inc = Updates.combine(Updates.inc("files", delta.files()), Updates.inc("bytes", delta.bytes()),
                Updates.inc("folders", delta.folders()), Updates.inc("trashedFiles", delta.trashedFiles()),
                Updates.inc("trashedBytes", delta.trashedBytes()), Updates.inc("trashedFolders", delta.trashedFolders()));
        if (collection().updateOne(Filters.eq("_id", owner), inc).getMatchedCount() == 0) {
            // no counters yet: the documents, which already include this write, are the truth
            recount(owner);
        }
    }

    public Usage read(ObjectId owner) {
        Document found = collection().find(Filters.eq("_id", owner)).first();
        return found == null ? recount(owner) : fromDocument(found);
    }

    /** Counts the user's documents and stores the result. */
    public Usage recount(ObjectId owner) {
        long[] live = files.countAndBytes(Filters.and(Filters.eq("ownerId", owner), Filters.eq("deletedAt", null)));
        long[] trashed = files.countAndBytes(Filters.and(Filters.eq("ownerId", owner), Filters.ne("deletedAt", null)));
        long liveFolders = folders.mongoCollection()
                .countDocuments(Filters.and(Filters.eq("ownerId", owner), Filters.eq("deletedAt", null)));
        long trashedFolders = folders.mongoCollection()
                .countDocuments(Filters.and(Filters.eq("ownerId", owner), Filters.ne("deletedAt", null)));
        Usage usage = new Usage(live[0], live[1], liveFolders, trashed[0], trashed[1], trashedFolders);
        collection().replaceOne(Filters.eq("_id", owner), toDocument(owner, usage), new ReplaceOptions().upsert(true));
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
            if (before == null || !fromDocument(before).equals(now)) {
                repaired++;
            }
        }
        LogEvent.of("usage.recounted").with("users", users).with("repaired", repaired).durationSince(started)
                .info(LOG);
        return repaired;
    }

    private static Document toDocument(ObjectId owner, Usage u) {
        return new Document("_id", owner).append("files", u.files()).append("bytes", u.bytes())
                .append("folders", u.folders()).append("trashedFiles", u.trashedFiles())
                .append("trashedBytes", u.trashedBytes()).append("trashedFolders", u.trashedFolders());
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
