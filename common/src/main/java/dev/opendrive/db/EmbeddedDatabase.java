package dev.opendrive.db;

import com.mongodb.ConnectionString;

/** A database the process can start itself (the monolith's embedded default). */
public interface EmbeddedDatabase {

    /** Starts the server if needed and returns how to reach it. */
    ConnectionString start();
}
