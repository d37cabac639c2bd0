package dev.opendrive.storage;

import java.io.IOException;

public class BlobNotFoundException extends IOException {

    public BlobNotFoundException(String key) {
        super("No blob stored under " + key);
    }
}
