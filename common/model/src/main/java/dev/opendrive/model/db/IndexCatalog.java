package dev.opendrive.model.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;

/**
 * Every access path of the product and the index that serves it, in one list (docs/access-paths.md
 * describes the same list with the query shapes). The same indexes serve MongoDB Atlas and the
 * embedded engine; each compound index ends with the key a query sorts by, so neither has to sort
 * in memory, and the substring and word searches end with {@code _id: -1} so that their newest
 * results come first straight from the index.
 */
public final class IndexCatalog {

    private static final Logger LOG = Logger.getLogger(IndexCatalog.class);

    /** One index and the queries it is for. */
    public record Spec(String collection, Document keys, boolean unique, String accessPath) {
        IndexModel model() {
            return new IndexModel(keys, new IndexOptions().unique(unique));
        }
    }

    public static final List<Spec> SPECS = List.of(
            new Spec("users", keys("email", 1), true, "login and registration by e-mail"),
            new Spec("files", keys("ownerId", 1, "folderId", 1, "deletedAt", 1, "createdAt", -1), false,
                    "a folder's live files, newest first; files of several folders ($in)"),
            new Spec("files", keys("ownerId", 1, "folderId", 1, "nameKey", 1), false,
                    "name conflicts in a folder (upload, rename, move, restore)"),
            new Spec("files", keys("ownerId", 1, "deletedAt", 1, "_id", -1), false,
                    "the trash (deletedAt not null, newest first), emptying it, usage recount, re-index of a user;"
                            + " a one- or two-character name search (live files, newest first)"),
            new Spec("files", keys("shareId", 1), false, "public share links"),
            new Spec("files", keys("ownerId", 1, "nameGrams", 1, "_id", -1), false,
                    "search by name: substring through trigrams, newest first"),
            new Spec("folders", keys("ownerId", 1, "parentId", 1, "deletedAt", 1, "createdAt", -1), false,
                    "a folder's live subfolders, newest first"),
            new Spec("folders", keys("ownerId", 1, "parentId", 1, "nameKey", 1), false, "folder name conflicts"),
            new Spec("folders", keys("ancestorIds", 1), false, "a folder's subtree (trash, restore, delete, move)"),
            new Spec("folders", keys("ownerId", 1, "deletedAt", 1, "_id", -1), false,
                    "trashed folders, usage recount; a one- or two-character folder name search"),
            new Spec("folders", keys("shareId", 1), false, "public folder shares"),
            new Spec("folders", keys("ownerId", 1, "nameGrams", 1, "_id", -1), false, "search folders by name"),
            new Spec("search_index", keys("ownerId", 1, "nameTokens", 1, "_id", -1), false,
                    "search by words of the name, newest first"),
            new Spec("search_index", keys("ownerId", 1, "contentTokens", 1, "_id", -1), false,
                    "search by words of the content, newest first"),
            new Spec("search_index", keys("ownerId", 1), false, "re-index of one user"),
            new Spec("resumable_uploads", keys("expiresAt", 1), false,
                    "the sweep of abandoned resumable uploads (expiresAt in the past)"),
            new Spec("appPasswords", keys("lookup", 1), true, "WebDAV Basic login with an app password"),
            new Spec("appPasswords", keys("userId", 1, "createdAt", -1), false, "a user's app passwords, newest first"),
            new Spec("davProperties", keys("itemId", 1), false, "WebDAV dead properties of a file or folder"));

    /** Indexes earlier versions created that the list above replaces. */
    static final Map<String, List<String>> OBSOLETE = Map.of(
            "files", List.of("ownerId_1_folderId_1_deletedAt_1", "ownerId_1_deletedAt_1"),
            "folders", List.of("ownerId_1_parentId_1_deletedAt_1", "ownerId_1_deletedAt_1"),
            "search_index", List.of("ownerId_1_nameTokens_1", "ownerId_1_contentTokens_1"));

    private IndexCatalog() {
    }

    private static Document keys(Object... pairs) {
        Document keys = new Document();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.append((String) pairs[i], pairs[i + 1]);
        }
        return keys;
    }

    /** Creates what is missing (createIndexes is idempotent) and drops what an upgrade replaced. */
    public static void ensure(MongoDatabase database) {
        long started = System.nanoTime();
        Map<String, List<IndexModel>> byCollection = new LinkedHashMap<>();
        for (Spec spec : SPECS) {
            byCollection.computeIfAbsent(spec.collection(), c -> new ArrayList<>()).add(spec.model());
        }
        byCollection.forEach((collection, models) -> database.getCollection(collection).createIndexes(models));
        OBSOLETE.forEach((collection, names) -> {
            List<String> present = new ArrayList<>();
            database.getCollection(collection).listIndexes().forEach(i -> present.add(i.getString("name")));
            for (String name : names) {
                if (present.contains(name)) {
                    database.getCollection(collection).dropIndex(name);
                    LOG.infof("Dropped index %s.%s (replaced)", collection, name);
                }
            }
        });
        LOG.infof("Indexes ensured in %d ms", (System.nanoTime() - started) / 1_000_000);
    }
}
