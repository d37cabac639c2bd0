package dev.opendrive.model.db;

import java.util.OptionalLong;

import org.bson.types.ObjectId;

import com.mongodb.ConnectionString;

/** A database the process can start itself (the monolith's embedded default). */
public interface EmbeddedDatabase {

    /** Starts the server if needed and returns how to reach it. */
    ConnectionString start();

    /** True once started on files the previous process did not close (it crashed or was killed). */
    default boolean recoveredFromCrash() {
        return false;
    }

    /**
     * A number that changes whenever one of the owner's documents (any document whose ownerId is
     * this owner) is written, while this process serves the database itself; empty when it does not
     * (not started: the process uses MONGODB_URI or has not touched the database yet). What a
     * process derived from an owner's documents stays true while the stamp it read first is current.
     */
    default OptionalLong ownerStamp(ObjectId owner) {
        return OptionalLong.empty();
    }
}
