package dev.opendrive.embeddeddb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;

/** An engine served on a loopback port, with a driver client: what the product talks to. */
final class EngineServer implements AutoCloseable {

    final IndexedH2Backend backend;
    private final MongoServer server;
    final MongoClient client;

    EngineServer(IndexedH2Backend backend) {
        this.backend = backend;
        backend.version(ServerVersion.MONGO_5_0);
        this.server = new MongoServer(backend);
        var address = server.bind();
        this.client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    MongoDatabase db() {
        return client.getDatabase("opendrive");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
        backend.close();
    }
}
