package dev.opendrive.api.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.types.ObjectId;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Basic credentials that were verified a moment ago, in memory. A WebDAV client sends the same
 * email and password with every request (rclone runs several at once), and checking an account
 * password costs a bcrypt round (about 50-250 ms of CPU): without this, a folder sync would spend
 * most of its time hashing. The key is a SHA-256 of the credentials, so the map never holds a
 * password; an entry lives for {@code ttl} at most and is dropped at once when the app password it
 * came from is revoked. Accounts cannot change their password (no such route), so an account
 * password entry needs no other invalidation.
 */
@ApplicationScoped
public class VerifiedCredentials {

    /** Past this many entries the map is swept, then cleared: a flood of distinct logins cannot grow it. */
    static final int MAX_ENTRIES = 10_000;

    /** Who the credentials are; {@code appPasswordId} null for the account password. */
    public record Verified(ObjectId userId, ObjectId appPasswordId, long expiresAtNanos) {
    }

    private final Map<String, Verified> entries = new ConcurrentHashMap<>();
    /** Bumped by every revocation: a check that was running meanwhile does not cache its result. */
    private final java.util.concurrent.atomic.AtomicLong revocations = new java.util.concurrent.atomic.AtomicLong();

    /** Read before checking a password; hand it to {@link #put}. */
    public long generation() {
        return revocations.get();
    }

    public Optional<Verified> get(String key) {
        Verified v = entries.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - v.expiresAtNanos() >= 0) {
            entries.remove(key, v);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** Remembers a verification unless an app password was revoked since {@code generation}. */
    public synchronized void put(String key, Verified verified, long generation) {
        if (revocations.get() != generation) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            entries.values().removeIf(v -> now - v.expiresAtNanos() >= 0);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, verified);
    }

    /** A revoked app password stops working now, not when its cache entry expires. */
    public synchronized void forgetAppPassword(ObjectId appPasswordId) {
        revocations.incrementAndGet();
        entries.values().removeIf(v -> appPasswordId.equals(v.appPasswordId()));
    }

    /** The cache key of an email and password: neither is kept in memory in the clear. */
    public static String keyOf(String email, String password) {
        // the same bytes as hashing email, a zero byte and password (U+0000 is one zero byte in UTF-8)
        return AppPasswords.sha256(email + "\0" + password);
    }
}
