package dev.opendrive.storage;

/** What a provider reports after a blob was written completely. */
public record StoredBlob(String key, long size, String sha256) {
}
