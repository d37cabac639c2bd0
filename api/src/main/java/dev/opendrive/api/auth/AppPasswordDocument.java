package dev.opendrive.api.auth;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * (added) A password for WebDAV clients, in the "appPasswords" collection. The secret itself is
 * never stored: {@code lookup} (the first characters of the secret, not secret on their own) finds
 * the document in one indexed read, {@code secretHash} (SHA-256 of the whole secret) proves it.
 */
@MongoEntity(collection = "appPasswords")
public class AppPasswordDocument {

    @BsonId
    public ObjectId id;
    public ObjectId userId;
    public String name;
    public String lookup;
    public String secretHash;
    public Instant createdAt;
    public Instant lastUsedAt;
}
