package dev.opendrive.api.auth;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.common.MongoEntity;

@MongoEntity(collection = "users")
public class UserDocument {

    @BsonId
    public ObjectId id;
    /** Trimmed and lower-cased; unique. */
    public String email;
    /** bcrypt hash in modular crypt format ($2a$/$2b$/$2y$), compatible with bcryptjs. */
    public String password;
    public String role;
    public Instant createdAt;
    public Instant updatedAt;
}
