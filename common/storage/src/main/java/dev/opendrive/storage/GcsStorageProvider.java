package dev.opendrive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.auth.ServiceAccountSigner;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

/**
 * Blobs in a Google Cloud Storage bucket. Writes stream through a resumable upload session in
 * chunks: an object only appears once the upload is finalised, and a failed or over-limit upload
 * leaves nothing under its key.
 */
public class GcsStorageProvider implements StorageProvider, BlobUrlSigner {

    private static final int CHUNK = 8 * 1024 * 1024;

    private final Storage storage;
    private final String bucket;
    private final ServiceAccountSigner signer;

    public GcsStorageProvider(Storage storage, String bucket) {
        this(storage, bucket, null);
    }

    /** With an explicit signer (tests, or a key file); otherwise the client's own credentials sign. */
    public GcsStorageProvider(Storage storage, String bucket, ServiceAccountSigner signer) {
        this.storage = storage;
        this.bucket = bucket;
        this.signer = signer;
    }

    @Override
    public String name() {
        return "gcs";
    }

    public String bucket() {
        return bucket;
    }

    public Storage client() {
        return storage;
    }

    @Override
    public StoredBlob save(String key, InputStream content, long maxBytes) throws IOException {
        HashingCopy copy = new HashingCopy();
        WriteChannel writer = storage.writer(BlobInfo.newBuilder(bucket, key).build());
        writer.setChunkSize(CHUNK);
        boolean complete = false;
        try {
            copy.copy(content, Channels.newOutputStream(writer), maxBytes);
            complete = true;
        } finally {
            if (complete) {
                try {
                    writer.close(); // finalises the upload: the object becomes visible now
                } catch (StorageException e) {
                    throw new IOException("GCS upload of " + key + " failed", e);
                }
            } else {
                // GCS creates nothing for an unfinalised session; remove whatever a backend may have
                // created early, so a failed upload never leaves a partial object under the key.
                try {
                    storage.delete(BlobId.of(bucket, key));
                } catch (RuntimeException ignored) {
                    // best effort: the failure being reported matters more
                }
            }
        }
        return copy.result(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        Blob blob = blob(key);
        ReadChannel reader = blob.reader();
        try {
            reader.setChunkSize(2 * 1024 * 1024);
            if (offset > 0) {
                reader.seek(offset);
            }
            if (length >= 0) {
                reader = reader.limit(offset + length);
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        ReadChannel channel = reader;
        return Channels.newInputStream(new java.nio.channels.ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                try {
                    return channel.read(dst);
                } catch (StorageException e) {
                    throw new IOException("GCS read of " + key + " failed", e);
                }
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() {
                channel.close();
            }
        });
    }

    @Override
    public boolean delete(String key) throws IOException {
        try {
            return storage.delete(BlobId.of(bucket, key));
        } catch (StorageException e) {
            throw new IOException("GCS delete of " + key + " failed", e);
        }
    }

    @Override
    public void move(String fromKey, String toKey) throws IOException {
        Blob source = blob(fromKey);
        try {
            source.copyTo(BlobId.of(bucket, toKey)).getResult();
            storage.delete(source.getBlobId());
        } catch (StorageException e) {
            throw new IOException("GCS move of " + fromKey + " failed", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            return storage.get(BlobId.of(bucket, key)) != null;
        } catch (StorageException e) {
            throw new IOException("GCS lookup of " + key + " failed", e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        return blob(key).getSize();
    }

    @Override
    public String signedDownloadUrl(String key, Duration ttl, String fileName, String mimeType) {
        BlobInfo info = BlobInfo.newBuilder(bucket, key).build();
        Map<String, String> response = Map.of(
                "response-content-disposition", dev.opendrive.storage.ContentDisposition.of(true, fileName),
                "response-content-type", mimeType == null ? "application/octet-stream" : mimeType);
        List<Storage.SignUrlOption> options = new ArrayList<>();
        options.add(Storage.SignUrlOption.withV4Signature());
        options.add(Storage.SignUrlOption.withQueryParams(response));
        if (signer != null) {
            options.add(Storage.SignUrlOption.signWith(signer));
        }
        return storage.signUrl(info, ttl.toSeconds(), TimeUnit.SECONDS, options.toArray(Storage.SignUrlOption[]::new))
                .toString();
    }

    private Blob blob(String key) throws IOException {
        Blob blob;
        try {
            blob = storage.get(BlobId.of(bucket, key));
        } catch (StorageException e) {
            throw new IOException("GCS lookup of " + key + " failed", e);
        }
        if (blob == null) {
            throw new BlobNotFoundException(key);
        }
        return blob;
    }

}
