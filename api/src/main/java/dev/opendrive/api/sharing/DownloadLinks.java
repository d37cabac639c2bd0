package dev.opendrive.api.sharing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import dev.opendrive.api.auth.JwtSecret;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.api.json.Dates;
import dev.opendrive.storage.BlobUrlSigner;
import dev.opendrive.storage.StorageProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Time-limited download links that need no token (for a download manager, a media player, a
 * colleague). Blobs in GCS get a V4 signed URL straight to the bucket; local blobs get a link to
 * the API signed with HMAC-SHA256 under a key derived from the JWT secret for this purpose only.
 */
@ApplicationScoped
public class DownloadLinks {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    /** GCS V4 signatures cannot outlive seven days. */
    public static final Duration MAX_TTL = Duration.ofDays(7);

    public record Link(String url, String expiresAt) {
    }

    private final StorageProvider storage;
    private final PurposeKey key;

    public DownloadLinks(StorageProvider storage, JwtSecret secret) {
        this.storage = storage;
        this.key = new PurposeKey(() -> secret.key().getEncoded(), "opendrive download links v1");
    }

    public static Duration ttl(Long seconds) {
        if (seconds == null) {
            return DEFAULT_TTL;
        }
        Duration ttl = Duration.ofSeconds(seconds);
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw ApiException.badRequest(ErrorCode.INVALID_EXPIRES, "expires must be between 60 and 604800 seconds");
        }
        return ttl;
    }

    public Link create(FileDocument file, Duration ttl, URI apiBase) {
        Instant expires = Instant.ofEpochSecond(Instant.now().plus(ttl).getEpochSecond());
        if (storage instanceof BlobUrlSigner signer) {
            return new Link(signer.signedDownloadUrl(file.storageKey, ttl, file.originalName, file.mimeType),
                    Dates.iso(expires));
        }
        return new Link(apiLink(file.id.toHexString(), expires, apiBase), Dates.iso(expires));
    }

    String apiLink(String fileId, Instant expires, URI apiBase) {
        String path = "api/links/" + fileId + "?expires=" + expires.getEpochSecond() + "&signature="
                + signature(fileId, expires.getEpochSecond());
        return apiBase.resolve(path).toString();
    }

    /** Throws unless the signature is ours and the link has not expired. */
    public void verify(String fileId, long expires, String signature) {
        byte[] expected = signature(fileId, expires).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw ApiException.forbidden(ErrorCode.INVALID_LINK, "Invalid download link");
        }
        if (Instant.now().getEpochSecond() > expires) {
            throw new ApiException(410, ErrorCode.LINK_EXPIRED, "Download link expired");
        }
    }

    private String signature(String fileId, long expires) {
        return key.sign(fileId + "." + expires);
    }
}
