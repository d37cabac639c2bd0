package dev.opendrive.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * (added) HTTP Basic authentication for WebDAV clients, which cannot fetch a token: the account's
 * email with either the account password or one of its app passwords. Failed attempts count per
 * email and address like logins (429 past LOGIN_MAX_FAILURES in LOGIN_FAILURE_WINDOW); successes are
 * remembered for a short while ({@link VerifiedCredentials}) so that a client's every request does
 * not pay a password hash.
 */
@ApplicationScoped
public class BasicAuthenticator {

    private static final Logger LOG = Logger.getLogger(BasicAuthenticator.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AppPasswords appPasswords;
    private final VerifiedCredentials verified;
    private final RateLimiter failures;
    private final long ttlNanos;

    public BasicAuthenticator(UserRepository users, PasswordHasher hasher, AppPasswords appPasswords,
            VerifiedCredentials verified, AuthConfig config) {
        this.users = users;
        this.hasher = hasher;
        this.appPasswords = appPasswords;
        this.verified = verified;
        this.failures = new RateLimiter(config.login().maxAttempts(), config.login().window(), Clock.systemUTC());
        this.ttlNanos = config.basicCacheTtl().toNanos();
    }

    /**
     * The user an Authorization header names, or empty when it is missing, malformed or wrong (the
     * caller answers 401 with a challenge).
     *
     * @throws RateLimitedException too many failures for this email from this address
     */
    public Optional<ObjectId> authenticate(String authorization, String clientIp) {
        Optional<String[]> credentials = decode(authorization);
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        String email = AuthService.normalize(credentials.get()[0]);
        String password = credentials.get()[1];
        String key = VerifiedCredentials.keyOf(email, password);
        Optional<VerifiedCredentials.Verified> known = verified.get(key);
        if (known.isPresent()) {
            return Optional.of(known.get().userId());
        }
        String limitKey = "basic|" + email + "|" + clientIp;
        RateLimiter.Decision decision = failures.peek(limitKey);
        if (!decision.allowed()) {
            throw new RateLimitedException(decision);
        }
        long generation = verified.generation();
        Optional<VerifiedCredentials.Verified> checked = check(email, password);
        if (checked.isEmpty()) {
            RateLimiter.Decision after = failures.record(limitKey);
            LogEvent.of("auth.basic_failed").with("remaining", after.remaining()).info(LOG);
            return Optional.empty();
        }
        failures.reset(limitKey);
        verified.put(key, checked.get(), generation);
        return Optional.of(checked.get().userId());
    }

    private Optional<VerifiedCredentials.Verified> check(String email, String password) {
        UserDocument user = users.findByEmail(email).orElse(null);
        long expires = System.nanoTime() + ttlNanos;
        if (AppPasswords.looksLikeOne(password)) {
            // an app password is never tried as the account password, nor the other way round
            return user == null ? Optional.empty()
                    : appPasswords.verify(user.id, password)
                            .map(p -> new VerifiedCredentials.Verified(user.id, p.id, expires));
        }
        return hasher.matchesUser(password, user)
                ? Optional.of(new VerifiedCredentials.Verified(user.id, null, expires))
                : Optional.empty();
    }

    /** [email, password] of a "Basic" header (UTF-8, RFC 7617), or empty. */
    static Optional<String[]> decode(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {text.substring(0, colon), text.substring(colon + 1)});
    }
}
