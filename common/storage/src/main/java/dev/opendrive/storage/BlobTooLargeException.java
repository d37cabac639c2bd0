package dev.opendrive.storage;

import java.io.IOException;

/** The stream ran past the allowed size; the provider has already discarded what it wrote. */
public class BlobTooLargeException extends IOException {

    private final long limit;

    public BlobTooLargeException(long limit) {
        super("Blob exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
