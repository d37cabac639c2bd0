package dev.opendrive.api.folders;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.bson.types.ObjectId;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * With MONGODB_URI (Atlas, several API instances) there is no such stamp: every listing is read.
 */
@ApplicationScoped
public class FolderListings {

    private record Key(ObjectId owner, String folderId) {
    }

    private record Listing(long stamp, byte[] json) {
    }

    private final FolderService folders;
    /** Null in an image built without the embedded database. */
    private final EmbeddedDatabase embedded;
    private final ObjectMapper json;
    private final long budget;
    private final LinkedHashMap<Key, Listing> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long keptBytes;

    public FolderListings(FolderService folders, Instance<EmbeddedDatabase> embedded, ObjectMapper json,
            FoldersConfig config) {
        this.folders = folders;
        this.embedded = embedded.isResolvable() ? embedded.get() : null;
        this.json = json;
        this.budget = Math.max(0, config.listingCacheMb()) * 1024L * 1024L;
    }

    /** The owner's folder as {@code GET /api/folders/:id} returns it (errors as FolderService throws them). */
    public byte[] contents(String folderId, ObjectId owner) {
        OptionalLong stamp = budget > 0 && embedded != null ? embedded.ownerStamp(owner) : OptionalLong.empty();
        if (stamp.isEmpty()) {
            return write(folders.contents(folderId, owner));
        }
        Key key = new Key(owner, folderId);
        Listing listing = get(key);
        if (listing != null && listing.stamp() == stamp.getAsLong()) {
            return listing.json();
        }
        byte[] fresh = write(folders.contents(folderId, owner));
        put(key, new Listing(stamp.getAsLong(), fresh));
        return fresh;
    }

    private synchronized Listing get(Key key) {
        return kept.get(key);
    }

    private synchronized void put(Key key, Listing listing) {
        // one listing may take a quarter of the memory: a huge folder must not push out all the others
        if (listing.json().length > budget / 4) {
            return;
        }
        Listing replaced = kept.put(key, listing);
        keptBytes += listing.json().length - (replaced == null ? 0 : replaced.json().length);
        for (Iterator<Map.Entry<Key, Listing>> oldest = kept.entrySet().iterator(); keptBytes > budget
                && oldest.hasNext();) {
            keptBytes -= oldest.next().getValue().json().length;
            oldest.remove();
        }
    }

    private byte[] write(FolderService.FolderContents contents) {
        try {
            return json.writeValueAsBytes(contents);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a folder listing as JSON", e);
        }
    }
}
