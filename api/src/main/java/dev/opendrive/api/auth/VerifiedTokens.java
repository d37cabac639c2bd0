package dev.opendrive.api.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKey;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * SmallRye JWT's parser with a memory of the tokens it has verified. A client sends the same token
 * with every request, and verifying it again (decoding, the HMAC, the claims) was ~15 % of the CPU
 * of a small request; a token seen before is answered from here until it expires, at most
 * {@link #LONGEST} after it was verified. Only the exact token string that passed verification is
 * remembered, so nothing is accepted that the parser would refuse, except a token past its expiry
 * by less than the parser's own clock skew, which the parser accepts too.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration LONGEST = Duration.ofMinutes(10);
    private static final int MOST_TOKENS = 10_000;

    private final DefaultJWTParser parser;
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder().maximumSize(MOST_TOKENS)
            .expireAfter(new Expiry<String, JsonWebToken>() {
                @Override
                public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
                    long untilExpiry = TimeUnit.SECONDS.toNanos(jwt.getExpirationTime())
                            - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
                    return Math.max(0, Math.min(untilExpiry, LONGEST.toNanos()));
                }

                @Override
                public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                    return currentDuration;
                }

                @Override
                public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            }).build();

    public VerifiedTokens(DefaultJWTParser parser) {
        this.parser = parser;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = parser.parse(token);
        if (jwt.getExpirationTime() > 0) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /**
     * The token if it was verified before and has not expired, else null: never verifies, so the
     * event loop can ask (KnownDownloads); a token seen for the first time goes through {@link #parse}.
     */
    public JsonWebToken alreadyVerified(String token) {
        return verified.getIfPresent(token);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
