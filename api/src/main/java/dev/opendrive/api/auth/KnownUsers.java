package dev.opendrive.api.auth;

import org.bson.types.ObjectId;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The accounts behind verified tokens. Every authenticated request needs its caller's account, and
 * an account never changes once registered (no route edits or deletes one), so it is kept in a
 * small cache (size and lifetime in application.properties, cache "users") instead of costing a
 * database round trip per request. An unknown id is not cached: it fails every time.
 */
@ApplicationScoped
public class KnownUsers {

    private final UserRepository users;

    public KnownUsers(UserRepository users) {
        this.users = users;
    }

    @CacheResult(cacheName = "users")
    public UserDocument byId(ObjectId id) {
        return users.findByIdOptional(id)
                .orElseThrow(() -> ApiException.unauthorized(ErrorCode.USER_NOT_FOUND, "User not found."));
    }
}
