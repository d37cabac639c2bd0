package dev.opendrive.api.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.platform.logging.LogEvent;

/** Registration and login, with their validation and brute-force limits. */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@\"<>()\\[\\],;:\\\\]+@[^\\s@\"<>()\\[\\],;:\\\\]+\\.[^\\s@\"<>()\\[\\],;:\\\\]+$");
    private static final int BCRYPT_MAX_BYTES = 72;

    public record Session(String token, UserDocument user) {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final AuthConfig config;
    private final RateLimiter failedLogins;
    private final RateLimiter registrations;

    public AuthService(UserRepository users, PasswordHasher hasher, TokenIssuer tokens,
            AuthConfig config) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.config = config;
        this.failedLogins = new RateLimiter(config.login().maxAttempts(), config.login().window(), Clock.systemUTC());
        this.registrations = new RateLimiter(config.register().maxAttempts(), config.register().window(),
                Clock.systemUTC());
    }

    /** {@code credentials} as validated at the HTTP boundary: both present. */
    public Session register(Credentials credentials, String clientIp) {
        String password = credentials.password();
        RateLimiter.Decision decision = registrations.record(clientIp);
        if (!decision.allowed()) {
            throw new RateLimitedException(decision);
        }
        String email = normalize(credentials.email());
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest(ErrorCode.INVALID_EMAIL, "Please provide a valid email address");
        }
        validatePassword(password);
        if (users.findByEmail(email).isPresent()) {
            throw ApiException.badRequest(ErrorCode.USER_EXISTS, "User already exists");
        }
        UserDocument user = new UserDocument();
        user.email = email;
        user.password = hasher.hash(password);
        user.role = "admin";
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        try {
            users.persist(user);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw ApiException.badRequest(ErrorCode.USER_EXISTS, "User already exists");
            }
            throw e;
        }
        LogEvent.of("user.registered").with("userId", user.id).info(LOG);
        return new Session(tokens.issue(user), user);
    }

    /** {@code credentials} as validated at the HTTP boundary: both present. */
    public Session login(Credentials credentials, String clientIp) {
        String password = credentials.password();
        String email = normalize(credentials.email());
        String limitKey = email + "|" + clientIp;
        RateLimiter.Decision decision = failedLogins.peek(limitKey);
        if (!decision.allowed()) {
            throw new RateLimitedException(decision);
        }
        UserDocument user = users.findByEmail(email).orElse(null);
        if (!hasher.matchesUser(password, user)) {
            RateLimiter.Decision after = failedLogins.record(limitKey);
            LogEvent.of("auth.login_failed").with("remaining", after.remaining()).info(LOG);
            throw ApiException.unauthorized(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials");
        }
        failedLogins.reset(limitKey);
        return new Session(tokens.issue(user), user);
    }

    private void validatePassword(String password) {
        if (password.codePointCount(0, password.length()) < config.passwordMinLength()) {
            throw ApiException.badRequest(ErrorCode.WEAK_PASSWORD,
                    "Password must be at least " + config.passwordMinLength() + " characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            // bcrypt ignores everything past 72 bytes; refuse rather than silently truncate.
            throw ApiException.badRequest(ErrorCode.PASSWORD_TOO_LONG, "Password must be at most 72 bytes long");
        }
        if (password.isBlank()) {
            throw ApiException.badRequest(ErrorCode.WEAK_PASSWORD, "Password must not be only spaces");
        }
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
