package dev.opendrive.model.db;

import com.mongodb.ConnectionString;

/** A database the process can start itself (the monolith's embedded default). */
public interface EmbeddedDatabase {

    /** Starts the server if needed and returns how to reach it. */
    ConnectionString start();

    /** True once started on files the previous process did not close (it crashed or was killed). */
    default boolean recoveredFromCrash() {
        return false;
    }
}
