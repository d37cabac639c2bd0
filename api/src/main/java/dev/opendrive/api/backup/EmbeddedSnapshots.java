package dev.opendrive.api.backup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.opendrive.api.database.EmbeddedMongo;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.embeddeddb.IndexedH2Backend;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;

/** Snapshots of the embedded database (embedded-db's online snapshot), checked by opening them. */
@ApplicationScoped
@IfBuildProperty(name = "opendrive.embedded-db", stringValue = "true", enableIfMissing = true)
public class EmbeddedSnapshots implements DatabaseSnapshots {

    /** The snapshot is opened once, briefly, beside the live database: a small cache is enough. */
    private static final int CHECK_CACHE_MB = 8;
    /** UsageCounters' collection. */
    private static final String USAGE = "usage";

    private final EmbeddedMongo embedded;
    private final String database;

    public EmbeddedSnapshots(EmbeddedMongo embedded, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.embedded = embedded;
        this.database = database;
    }

    @Override
    public Written write(Path dbDir) throws IOException {
        IndexedH2Backend.Snapshot snapshot;
        try {
            snapshot = embedded.snapshot(dbDir.resolve(DATABASE_FILE));
        } catch (IndexedH2Backend.SnapshotInProgressException e) {
            throw ApiException.conflict(ErrorCode.BACKUP_RUNNING, "A backup is already being written");
        } catch (FileAlreadyExistsException e) {
            throw ApiException.conflict(ErrorCode.BACKUP_EXISTS, "A backup of that name exists already");
        }
        Map<String, Long> documents = new TreeMap<>();
        long blobs = inspect(snapshot.file(), documents, dbDir.resolve(BLOB_LIST));
        // opening it closed it cleanly (and compacted it): measure what the backup holds now
        return new Written(snapshot.file(), Files.size(snapshot.file()), snapshot.version(), documents, blobs);
    }

    /**
     * Opens the snapshot as the server would after a restore (which proves that it opens), counts
     * its documents and writes the blob every file document needs, so that a restore can check the
     * blobs against the documents (the blob copy comes after the snapshot: see docs/backup.md).
     */
    private long inspect(Path file, Map<String, Long> documents, Path blobList) throws IOException {
        IndexedH2Backend backend = IndexedH2Backend.open(file, new IndexedH2Backend.Options(CHECK_CACHE_MB));
        MongoServer server = new MongoServer(backend.version(ServerVersion.MONGO_5_0));
        try {
            var address = server.bind();
            MongoClientSettings settings = MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(
                            "mongodb://" + address.getHostString() + ":" + address.getPort()))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                    .build();
            try (MongoClient client = MongoClients.create(settings)) {
                MongoDatabase db = client.getDatabase(database);
                // Usage counters are derived from the documents and updated just after them: the
                // snapshot may have caught a write without its counter update (as a crash would).
                // Without them, the restored server counts each user from the documents on first use.
                db.getCollection(USAGE).drop();
                for (String name : db.listCollectionNames()) {
                    documents.put(name, db.getCollection(name).countDocuments());
                }
                return writeBlobList(db, blobList);
            }
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    private static long writeBlobList(MongoDatabase db, Path blobList) throws IOException {
        long count = 0;
        try (BufferedWriter out = Files.newBufferedWriter(blobList, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write("#storageKey\tsize\tsha256\tfileId\townerId\ttrashed\tthumbnailKey\n");
            Document fields = new Document("storageKey", 1).append("size", 1).append("sha256", 1).append("ownerId", 1)
                    .append("deletedAt", 1).append("thumbnailPath", 1).append("versions", 1);
            for (Document d : db.getCollection("files").find().projection(fields)) {
                Object key = d.get("storageKey");
                if (key == null) {
                    continue;
                }
                Object sha256 = d.get("sha256");
                Object size = d.get("size");
                out.write(field(key) + "\t" + (size == null ? "-" : field(size)) + "\t"
                        + (sha256 == null ? "-" : field(sha256)) + "\t" + field(d.get("_id")) + "\t"
                        + field(d.get("ownerId")) + "\t" + (d.get("deletedAt") != null ? "1" : "0") + "\t"
                        + (d.get("thumbnailPath") == null ? "-" : field(d.get("thumbnailPath"))) + "\n");
                count++;
                // (added) each earlier content is a blob of its own; "v" in the trashed column: like a
                // trashed file's, a version's blob may be deleted (pruned) while the backup runs
                if (d.get("versions") instanceof List<?> versions) {
                    for (Object o : versions) {
                        if (o instanceof Document v && v.get("storageKey") != null) {
                            out.write(field(v.get("storageKey")) + "\t"
                                    + (v.get("size") == null ? "-" : field(v.get("size"))) + "\t"
                                    + (v.get("sha256") == null ? "-" : field(v.get("sha256"))) + "\t"
                                    + field(d.get("_id")) + "\t" + field(d.get("ownerId")) + "\tv\t-\n");
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }

    /** One value of a line: nothing in a document may break the list's shape. */
    private static String field(Object value) {
        return String.valueOf(value).replaceAll("[\\s]", "_");
    }
}
