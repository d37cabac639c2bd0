package dev.opendrive.api.uploads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A tus upload in progress (collection "resumable_uploads"): what the client declared at creation,
 * the bytes accepted so far as a list of stored pieces, and until when it is kept. No file document
 * exists until the last byte arrived; then {@link #fileId} names it.
 */
@MongoEntity(collection = ResumableUpload.COLLECTION)
public class ResumableUpload {

    public static final String COLLECTION = "resumable_uploads";
    public static final String OPEN = "open";
    /** The last bytes arrived and one request is making the file (held until {@link #leaseUntil}). */
    public static final String COMPLETING = "completing";
    public static final String COMPLETE = "complete";

    @BsonId
    public ObjectId id;
    public ObjectId ownerId;
    /** Upload-Length. */
    public long length;
    /** Bytes accepted so far: the sum of {@link #chunks}' sizes. */
    public long offset;
    /** Upload-Metadata as the client sent it (echoed by HEAD). */
    public String metadata;
    /** From the metadata: the display name and the raw folder id (null or "root": the root). */
    public String fileName;
    public String folderId;
    public String state;
    public List<Chunk> chunks = new ArrayList<>();
    /** While COMPLETING: the piece with the last bytes, kept apart until the file exists. */
    public Chunk finalChunk;
    public Instant leaseUntil;
    public ObjectId fileId;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant expiresAt;

    /** One PATCH's bytes: a blob of {@code size} bytes under {@code key}. */
    public static class Chunk {
        public String key;
        public long size;

        public Chunk() {
        }

        public Chunk(String key, long size) {
            this.key = key;
            this.size = size;
        }
    }

    public boolean expired(Instant now) {
        return expiresAt != null && expiresAt.isBefore(now);
    }
}
