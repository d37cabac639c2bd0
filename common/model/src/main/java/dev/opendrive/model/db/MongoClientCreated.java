package dev.opendrive.model.db;

import com.mongodb.client.MongoClient;

/**
 * Fired once, when the lazy client is created: the first moment this process touches the database,
 * for work that must wait for it (the API's indexes and outbox relay) instead of running at boot.
 * Observers get the new client itself: the CDI bean is still being created while they run.
 */
public record MongoClientCreated(MongoClient client) {
}
