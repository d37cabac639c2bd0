package dev.opendrive.api.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.function.Supplier;

import dev.opendrive.api.auth.JwtSecret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The proof that a visitor gave a share's password: {@code <expiry epoch seconds>.<HMAC-SHA256>},
 * signed over the share id, the expiry and the share's password stamp under a key derived from the
 * JWT secret for this purpose only. So a token opens one share, until it expires or the owner sets
 * another password (a new stamp) or revokes the link (the share id is gone). Nothing is stored.
 */
@ApplicationScoped
public class ShareTokens {

    private final PurposeKey key;

    @Inject
    public ShareTokens(JwtSecret secret) {
        this(() -> secret.key().getEncoded());
    }

    /** With the secret itself, for tests; the bean reads the JWT secret on first use only. */
    ShareTokens(Supplier<byte[]> secret) {
        this.key = new PurposeKey(secret, "opendrive share unlock v1");
    }

    public String issue(String shareId, String passwordStamp, Instant expires) {
        long exp = expires.getEpochSecond();
        return exp + "." + signature(shareId, passwordStamp, exp);
    }

    /** Whether the token is ours, for this share and password, and not expired at {@code now}. */
    public boolean valid(String token, String shareId, String passwordStamp, Instant now) {
        if (token == null || passwordStamp == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return false;
        }
        long exp;
        try {
            exp = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = signature(shareId, passwordStamp, exp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) && now.getEpochSecond() < exp;
    }

    private String signature(String shareId, String stamp, long exp) {
        return key.sign(shareId + "\n" + stamp + "\n" + exp);
    }
}
