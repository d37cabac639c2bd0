package dev.opendrive.db;

/**
 * Fired once, when the lazy client is created: the first moment this process touches the database,
 * for work that must wait for it (the API's outbox relay) instead of running at boot.
 */
public record MongoClientCreated() {
}
