package dev.opendrive.storage;

import java.time.Duration;

/**
 * A provider that can hand out time-limited URLs reading a blob directly (GCS V4 signed URLs), so
 * large downloads bypass the API. Kept apart from StorageProvider: signing needs credentials that
 * a local disk, or an emulator, does not have.
 */
public interface BlobUrlSigner {

    /** A URL valid for ttl that downloads the blob as an attachment named fileName. */
    String signedDownloadUrl(String key, Duration ttl, String fileName, String mimeType);
}
