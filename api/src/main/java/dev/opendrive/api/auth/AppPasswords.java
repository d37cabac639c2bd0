package dev.opendrive.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.items.Names;
import dev.opendrive.api.json.Dates;
import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * (added) App passwords: generated secrets a user gives to a WebDAV client instead of the account
 * password. They only open /dav/ (never a login or token, never a change to the account), can be
 * revoked one by one, and are shown once.
 * <p>
 * The secret is "odap_" and 40 random base32 characters (200 bits). It is stored as SHA-256, not
 * bcrypt: a slow hash protects guessable passwords, and nobody can enumerate 2^150 candidates (the
 * part after the lookup prefix) whatever the hash speed, so a stolen database reveals no usable
 * secret either way; a fast hash keeps the first request of every WebDAV connection cheap. The
 * first 10 characters after the prefix are stored in the clear ({@code lookup}) so that a login
 * reads one document instead of hashing against every app password.
 */
@ApplicationScoped
public class AppPasswords {

    private static final Logger LOG = Logger.getLogger(AppPasswords.class);
    public static final String PREFIX = "odap_";
    static final int SECRET_CHARS = 40;
    static final int LOOKUP_CHARS = 10;
    static final int MAX_NAME = 100;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** What the list shows: never the secret or its hash. */
    public record View(String id, String name, String createdAt, String lastUsedAt) {
        static View of(AppPasswordDocument d) {
            return new View(d.id.toHexString(), d.name, Dates.iso(d.createdAt),
                    d.lastUsedAt == null ? null : Dates.iso(d.lastUsedAt));
        }
    }

    /** The answer to a creation: the secret, this once. */
    public record Created(String id, String name, String createdAt, String password) {
    }

    private final AppPasswordRepository passwords;
    private final VerifiedCredentials verified;
    private final AuthConfig config;
    private final SecureRandom random = new SecureRandom();

    public AppPasswords(AppPasswordRepository passwords, VerifiedCredentials verified, AuthConfig config) {
        this.passwords = passwords;
        this.verified = verified;
        this.config = config;
    }

    public Created create(ObjectId userId, String rawName) {
        String name = rawName == null ? "" : rawName.strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest(ErrorCode.NAME_REQUIRED, "A name for the app password is required");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME || name.codePoints().anyMatch(Names::isControl)) {
            throw ApiException.badRequest(ErrorCode.INVALID_NAME,
                    "The name must be at most " + MAX_NAME + " characters, without control characters");
        }
        if (passwords.count("userId", userId) >= config.maxAppPasswords()) {
            throw ApiException.conflict(ErrorCode.TOO_MANY_APP_PASSWORDS,
                    "At most " + config.maxAppPasswords() + " app passwords: revoke one first");
        }
        String secret = PREFIX + randomBase32(SECRET_CHARS);
        AppPasswordDocument doc = new AppPasswordDocument();
        doc.userId = userId;
        doc.name = name;
        doc.lookup = lookupOf(secret);
        doc.secretHash = sha256(secret);
        doc.createdAt = Dates.now();
        passwords.persist(doc);
        LogEvent.of("app_password.created").with("userId", userId).with("appPasswordId", doc.id).info(LOG);
        return new Created(doc.id.toHexString(), doc.name, Dates.iso(doc.createdAt), secret);
    }

    public List<View> list(ObjectId userId) {
        return passwords.listOf(userId).stream().map(View::of).toList();
    }

    public void revoke(ObjectId userId, String rawId) {
        ObjectId id = ObjectIds.parse(rawId).orElseThrow(AppPasswords::notFound);
        AppPasswordDocument doc = passwords.findOwned(id, userId).orElseThrow(AppPasswords::notFound);
        passwords.delete(doc);
        verified.forgetAppPassword(doc.id);
        LogEvent.of("app_password.revoked").with("userId", userId).with("appPasswordId", doc.id).info(LOG);
    }

    /** Whether the text has the shape of an app password (so the account password is not tried). */
    public static boolean looksLikeOne(String password) {
        return password.length() == PREFIX.length() + SECRET_CHARS && password.startsWith(PREFIX);
    }

    /** The app password of {@code userId} this secret is, if any; records when it was used. */
    public Optional<AppPasswordDocument> verify(ObjectId userId, String secret) {
        if (!looksLikeOne(secret)) {
            return Optional.empty();
        }
        Optional<AppPasswordDocument> found = passwords.findByLookup(lookupOf(secret))
                .filter(d -> d.userId.equals(userId))
                .filter(d -> MessageDigest.isEqual(d.secretHash.getBytes(StandardCharsets.US_ASCII),
                        sha256(secret).getBytes(StandardCharsets.US_ASCII)));
        found.ifPresent(d -> {
            Instant now = Dates.now();
            // once per verification, i.e. at most once per cache lifetime per client
            passwords.mongoCollection().updateOne(Filters.eq("_id", d.id), Updates.set("lastUsedAt", now));
        });
        return found;
    }

    private static String lookupOf(String secret) {
        return secret.substring(PREFIX.length(), PREFIX.length() + LOOKUP_CHARS);
    }

    private String randomBase32(int chars) {
        StringBuilder s = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            s.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return s.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound(ErrorCode.APP_PASSWORD_NOT_FOUND, "App password not found");
    }
}
