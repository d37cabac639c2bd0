package dev.opendrive.api.folders;

import java.util.OptionalLong;

import org.bson.types.ObjectId;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.api.database.OwnerStampedCache;
import dev.opendrive.model.db.DatabaseConfig;
import dev.opendrive.model.db.EmbeddedDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * (added) A folder's listing as the JSON it was sent as, kept per owner and folder for as long as
 * nothing of that owner has changed, so that opening the same folder again (the web UI going back,
 * a client polling) costs no database work.
 * <p>
 * Whether anything changed is the embedded database's answer, not ours: it stamps every write to
 * a document with its owner (embedded-db OwnerStamps), whoever makes it (this API, the thumbnail and
 * search workers, any client of the wire port). The stamp is read before the listing is, so a write
 * racing with a listing only makes that listing stale for its own caller, never cached as current.
 * With MONGODB_URI (Atlas, several API instances) there is no such stamp: every listing is read
 * ({@link OwnerStampedCache}).
 */
@ApplicationScoped
public class FolderListings {

    private record Key(ObjectId owner, String folderId) {
    }

    private final FolderService folders;
    private final ObjectMapper json;
    private final long budget;
    private final OwnerStampedCache<Key, byte[]> kept;

    public FolderListings(FolderService folders, Instance<EmbeddedDatabase> embedded, DatabaseConfig database,
            ObjectMapper json, FoldersConfig config) {
        this.folders = folders;
        this.json = json;
        this.budget = Math.max(0, config.listingCacheMb()) * 1024L * 1024L;
        this.kept = OwnerStampedCache.ofBytes(embedded, database, budget, listing -> listing.length);
    }

    /** The owner's folder as {@code GET /api/folders/:id} returns it (errors as FolderService throws them). */
    public byte[] contents(String folderId, ObjectId owner) {
        OptionalLong stamp = kept.stampBefore(owner);
        if (stamp.isEmpty()) {
            return write(folders.contents(folderId, owner));
        }
        Key key = new Key(owner, folderId);
        byte[] listing = kept.get(key, stamp.getAsLong());
        if (listing != null) {
            return listing;
        }
        byte[] fresh = write(folders.contents(folderId, owner));
        // one listing may take a quarter of the memory: a huge folder must not push out all the others
        if (fresh.length <= budget / 4) {
            kept.remember(key, stamp.getAsLong(), fresh);
        }
        return fresh;
    }

    private byte[] write(FolderService.FolderContents contents) {
        try {
            return json.writeValueAsBytes(contents);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a folder listing as JSON", e);
        }
    }
}
