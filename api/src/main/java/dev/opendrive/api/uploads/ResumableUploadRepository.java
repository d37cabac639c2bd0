package dev.opendrive.api.uploads;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Resumable uploads. Every change of an upload's bytes is one conditional update on the offset the
 * request started from, so of two requests racing for the same bytes exactly one is kept.
 */
@ApplicationScoped
public class ResumableUploadRepository implements PanacheMongoRepositoryBase<ResumableUpload, ObjectId> {

    public Optional<ResumableUpload> findOwned(ObjectId id, ObjectId owner) {
        return Optional.ofNullable(mongoCollection().find(Filters.and(Filters.eq("_id", id), Filters.eq("ownerId", owner)))
                .first());
    }

    private static Document chunk(ResumableUpload.Chunk chunk) {
        return new Document("key", chunk.key).append("size", chunk.size);
    }

    /**
     * Open at {@code offset}, or held for completion by a request whose lease ran out (its process
     * died): a new request may then take it over.
     */
    private static Bson at(ObjectId id, long offset, Instant now) {
        Bson open = Filters.eq("state", ResumableUpload.OPEN);
        Bson abandoned = Filters.and(Filters.eq("state", ResumableUpload.COMPLETING), Filters.lt("leaseUntil", now));
        return Filters.and(Filters.eq("_id", id), Filters.eq("offset", offset), Filters.or(open, abandoned));
    }

    private static Bson reopened(Instant now, Instant expiresAt) {
        return Updates.combine(Updates.set("state", ResumableUpload.OPEN), Updates.unset("finalChunk"),
                Updates.unset("leaseUntil"), Updates.set("updatedAt", now), Updates.set("expiresAt", expiresAt));
    }

    /** Adds a piece after {@code offset} bytes: false when the upload is no longer open at that offset. */
    public boolean append(ObjectId id, long offset, ResumableUpload.Chunk piece, Instant now, Instant expiresAt) {
        return mongoCollection().updateOne(at(id, offset, now), Updates.combine(reopened(now, expiresAt),
                Updates.set("offset", offset + piece.size), Updates.push("chunks", chunk(piece)))).getModifiedCount() == 1;
    }

    /** A PATCH with no bytes still keeps the upload alive. */
    public boolean touch(ObjectId id, long offset, Instant now, Instant expiresAt) {
        return mongoCollection().updateOne(at(id, offset, now), reopened(now, expiresAt)).getMatchedCount() == 1;
    }

    /**
     * The piece that brings the upload to its length: held apart while its request makes the file,
     * taken over from a request whose lease ran out (its process died).
     */
    public boolean claimCompletion(ObjectId id, long offset, ResumableUpload.Chunk last, Instant now, Instant leaseUntil,
            Instant expiresAt) {
        return mongoCollection().updateOne(at(id, offset, now), Updates.combine(Updates.set("state", ResumableUpload.COMPLETING),
                Updates.set("finalChunk", chunk(last)), Updates.set("leaseUntil", leaseUntil), Updates.set("updatedAt", now),
                Updates.set("expiresAt", expiresAt))).getModifiedCount() == 1;
    }

    private static Bson holding(ObjectId id, String finalKey) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("state", ResumableUpload.COMPLETING),
                Filters.eq("finalChunk.key", finalKey));
    }

    /** The file exists: the upload is complete (kept until it expires so that HEAD still answers). */
    public boolean completed(ObjectId id, String finalKey, long length, ObjectId fileId, Instant now) {
        return mongoCollection().updateOne(holding(id, finalKey), Updates.combine(
                Updates.set("state", ResumableUpload.COMPLETE), Updates.set("offset", length), Updates.set("fileId", fileId),
                Updates.set("chunks", List.of()), Updates.unset("finalChunk"), Updates.unset("leaseUntil"),
                Updates.set("updatedAt", now))).getModifiedCount() == 1;
    }

    /** Making the file failed: the upload is open again at the offset before its last piece. */
    public boolean releaseCompletion(ObjectId id, String finalKey, Instant now) {
        return mongoCollection().updateOne(holding(id, finalKey), Updates.combine(
                Updates.set("state", ResumableUpload.OPEN), Updates.unset("finalChunk"), Updates.unset("leaseUntil"),
                Updates.set("updatedAt", now))).getModifiedCount() == 1;
    }

    /** Termination: removes the caller's upload unless a request is making its file right now. */
    public Optional<ResumableUpload> removeOwned(ObjectId id, ObjectId owner, Instant now) {
        Bson notBusy = Filters.or(Filters.ne("state", ResumableUpload.COMPLETING), Filters.lt("leaseUntil", now));
        return Optional.ofNullable(mongoCollection().findOneAndDelete(
                Filters.and(Filters.eq("_id", id), Filters.eq("ownerId", owner), notBusy)));
    }

    /** Removes the upload if it is (still) past its expiry: a request that just renewed it wins. */
    public Optional<ResumableUpload> removeExpired(ObjectId id, Instant now) {
        return Optional.ofNullable(mongoCollection().findOneAndDelete(
                Filters.and(Filters.eq("_id", id), Filters.lt("expiresAt", now))));
    }

    /** Uploads past their expiry, oldest first ({expiresAt: 1}). */
    public List<ResumableUpload> expired(Instant now, int limit) {
        return mongoCollection().find(Filters.lt("expiresAt", now)).sort(new Document("expiresAt", 1)).limit(limit)
                .into(new java.util.ArrayList<>());
    }
}
