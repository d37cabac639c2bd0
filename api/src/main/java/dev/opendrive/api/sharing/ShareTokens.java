package dev.opendrive.api.sharing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    private final Supplier<byte[]> secret;
    private volatile byte[] tokenKey;

    @Inject
    public ShareTokens(JwtSecret secret) {
        this(() -> secret.key().getEncoded());
    }

    /** With the secret itself, for tests; the bean reads the JWT secret on first use only. */
    ShareTokens(Supplier<byte[]> secret) {
        this.secret = secret;
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
        byte[] data = (shareId + "\n" + stamp + "\n" + exp).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key(), data));
    }

    private byte[] key() {
        byte[] k = tokenKey;
        if (k == null) {
            k = hmac(secret.get(), "opendrive share unlock v1".getBytes(StandardCharsets.UTF_8));
            tokenKey = k;
        }
        return k;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
