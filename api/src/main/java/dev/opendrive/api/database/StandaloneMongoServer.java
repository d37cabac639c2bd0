package dev.opendrive.api.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.opendrive.embeddeddb.IndexedH2Backend;

/**
 * The monolith's embedded database as a process of its own, for the local microservices topology
 * (scripts/topology.sh): the same durable MongoDB-wire server, on a fixed loopback port.
 * Usage: java -cp "api/target/quarkus-app/app/*:api/target/quarkus-app/lib/main/*"
 * dev.opendrive.api.database.StandaloneMongoServer <port> <data-dir>
 */
public final class StandaloneMongoServer {

    private StandaloneMongoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27117;
        Path dir = Path.of(args.length > 1 ? args[1] : "./data/db");
        Files.createDirectories(dir);
        IndexedH2Backend backend = IndexedH2Backend.open(dir.resolve("opendrive.mv"));
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
            stopped.countDown();
        }, "mongo-wire-shutdown"));
        System.out.println("MongoDB-wire server on 127.0.0.1:" + port + " (" + dir.toAbsolutePath() + ")");
        stopped.await();
    }
}
