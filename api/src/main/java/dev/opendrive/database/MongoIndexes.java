package dev.opendrive.database;

import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.model.IndexOptions;

import dev.opendrive.auth.UserRepository;
import dev.opendrive.files.FileRepository;
import dev.opendrive.folders.FolderRepository;
import dev.opendrive.search.SearchIndexRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creates the indexes once per process, on the first request that touches the database (never at
 * start-up: a cold start must not wait for the database). createIndex is idempotent on the server.
 */
@ApplicationScoped
public class MongoIndexes {

    private static final Logger LOG = Logger.getLogger(MongoIndexes.class);

    private final UserRepository users;
    private final FileRepository files;
    private final FolderRepository folders;
    private final SearchIndexRepository searchIndex;
    private final AtomicBoolean done = new AtomicBoolean();

    public MongoIndexes(UserRepository users, FileRepository files, FolderRepository folders,
            SearchIndexRepository searchIndex) {
        this.users = users;
        this.files = files;
        this.folders = folders;
        this.searchIndex = searchIndex;
    }

    public void ensure() {
        if (done.get()) {
            return;
        }
        synchronized (this) {
            if (done.get()) {
                return;
            }
            users.mongoCollection().createIndex(new Document("email", 1), new IndexOptions().unique(true));
            files.mongoCollection().createIndex(new Document("ownerId", 1).append("folderId", 1).append("deletedAt", 1));
            files.mongoCollection().createIndex(new Document("ownerId", 1).append("deletedAt", 1));
            files.mongoCollection().createIndex(new Document("shareId", 1));
            folders.mongoCollection().createIndex(new Document("ownerId", 1).append("parentId", 1).append("deletedAt", 1));
            folders.mongoCollection().createIndex(new Document("ancestorIds", 1));
            folders.mongoCollection().createIndex(new Document("shareId", 1));
            // search: one multikey index per token list (a compound index may hold one array field)
            searchIndex.mongoCollection().createIndex(new Document("ownerId", 1).append("nameTokens", 1));
            searchIndex.mongoCollection().createIndex(new Document("ownerId", 1).append("contentTokens", 1));
            done.set(true);
            LOG.debug("Indexes ensured");
        }
    }
}
