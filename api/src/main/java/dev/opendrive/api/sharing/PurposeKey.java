package dev.opendrive.api.sharing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures under a key derived from the JWT secret for one purpose only, so that what
 * is signed for one kind of link (a download link, a share's unlock token) never passes for another
 * or for a JWT. The key is derived on first use, not at boot.
 */
final class PurposeKey {

    private final Supplier<byte[]> secret;
    private final byte[] purpose;
    private volatile byte[] key;

    PurposeKey(Supplier<byte[]> secret, String purpose) {
        this.secret = secret;
        this.purpose = purpose.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature of {@code data} (UTF-8), base64url without padding. */
    String sign(String data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key(), data.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = hmac(secret.get(), purpose);
            key = k;
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
