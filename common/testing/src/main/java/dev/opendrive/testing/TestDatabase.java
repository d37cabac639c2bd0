package dev.opendrive.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * The database a launched app was given (MONGODB_URI and database name from
 * {@link MongoTestResource}), opened from the test over the wire protocol, with the POJO mapping
 * (the app's hand-written codecs write the same documents, {@link PojoParity}), so a suite can put
 * documents in place for a worker and read what the app wrote.
 */
public final class TestDatabase implements AutoCloseable {

    private final MongoClient client;
    private final MongoDatabase database;

    private TestDatabase(String uri, String name) {
        client = MongoClients.create(uri);
        database = client.getDatabase(name).withCodecRegistry(PojoParity.POJO);
    }

    /** The database {@link MongoTestResource} handed to the app under test. */
    public static TestDatabase ofLaunchedApp() {
        return new TestDatabase(LaunchedApp.handedTo("opendrive.mongodb.uri"),
                LaunchedApp.handedTo("quarkus.mongodb.database"));
    }

    /** Any database by address (e.g. the monolith's embedded one, whose loopback address it logs). */
    public static TestDatabase at(String uri, String name) {
        return new TestDatabase(uri, name);
    }

    public <T> MongoCollection<T> collection(String name, Class<T> type) {
        return database.getCollection(name, type);
    }

    @Override
    public void close() {
        client.close();
    }
}
