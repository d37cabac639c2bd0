package dev.opendrive.api.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The database half of a backup, for the database this build can snapshot itself (the embedded
 * one). An interface of its own so that a build without the embedded database (the Cloud Run
 * image, which does not package it) has no bean that names its classes.
 */
public interface DatabaseSnapshots {

    /** The snapshot's file name inside a backup's {@code db/} directory. */
    String DATABASE_FILE = "opendrive.mv";
    /**
     * Every file document's blobs in the snapshot, one per line: key, size, SHA-256, file id, owner
     * id, trashed (1/0), thumbnail key ("-" while it has none).
     */
    String BLOB_LIST = "blobs.tsv";

    /**
     * Writes a consistent snapshot of the live database into {@code dbDir} ({@value #DATABASE_FILE}),
     * opens it to check that it opens and to list the blobs its documents need ({@value #BLOB_LIST}).
     */
    Written write(Path dbDir) throws IOException;

    /** What a snapshot holds: its file, size, store version, documents per collection, blobs listed. */
    record Written(Path file, long bytes, long version, Map<String, Long> documents, long blobs) {
    }
}
