package dev.opendrive.api.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.ConnectionString;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.opendrive.embeddeddb.IndexedH2Backend;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.db.DatabaseConfig;
import dev.opendrive.model.db.EmbeddedDatabase;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The monolith's built-in database: a MongoDB-wire server in this process, persisted in one H2
 * MVStore file under the data directory, with real secondary indexes (embedded-db). Started by the
 * first database access, never at boot.
 * <p>
 * An image built for microservices only ({@code -Dopendrive.embedded-db=false}, the Cloud Run
 * image) leaves this bean out and packages neither H2 nor mongo-java-server (api/pom.xml profile
 * {@code without-embedded-db}); such an image needs MONGODB_URI in every mode.
 */
@ApplicationScoped
@IfBuildProperty(name = "opendrive.embedded-db", stringValue = "true", enableIfMissing = true)
public class EmbeddedMongo implements EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class);

    private final OpenDriveConfig config;
    private final DatabaseConfig database;
    private MongoServer server;
    // read without the monitor by ownerStamp, on every folder listing
    private volatile IndexedH2Backend backend;
    private InetSocketAddress address;

    public EmbeddedMongo(OpenDriveConfig config, DatabaseConfig database) {
        this.config = config;
        this.database = database;
    }

    @Override
    public synchronized ConnectionString start() {
        if (address == null) {
            Path dir = config.dataDir().resolve("db");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the database directory " + dir, e);
            }
            Path file = dir.resolve("opendrive.mv");
            long started = System.nanoTime();
            backend = IndexedH2Backend.open(file, new IndexedH2Backend.Options(database.embeddedCacheMb()));
            backend.version(ServerVersion.MONGO_5_0);
            server = new MongoServer(backend);
            address = server.bind();
            LOG.infof("Embedded MongoDB-wire database on %s:%d (file %s) ready in %d ms%s", address.getHostString(),
                    address.getPort(), file.toAbsolutePath().normalize(), (System.nanoTime() - started) / 1_000_000,
                    backend.wasUncleanShutdown() ? "; the previous process did not close it (crash)" : "");
        }
        return new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    /**
     * A consistent copy of the database file, written while requests go on (see
     * {@link IndexedH2Backend#snapshot(Path)}); starts the database if nothing has used it yet.
     */
    public IndexedH2Backend.Snapshot snapshot(Path target) throws IOException {
        IndexedH2Backend running;
        synchronized (this) {
            start();
            running = backend;
        }
        // outside the monitor: a snapshot takes a while, and stop() must not wait behind it here
        // (the backend's close cuts a running snapshot short instead)
        return running.snapshot(target);
    }

    @Override
    public OptionalLong ownerStamp(ObjectId owner) {
        IndexedH2Backend serving = backend;
        // with MONGODB_URI the process's documents live elsewhere, whatever started this one
        if (serving == null || database.externalUri().isPresent()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(serving.ownerStamp(owner.toByteArray()));
    }

    @Override
    public synchronized boolean recoveredFromCrash() {
        return backend != null && backend.wasUncleanShutdown();
    }

    @PreDestroy
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            backend.close();
            server = null;
            backend = null;
            address = null;
            LOG.info("Embedded database closed");
        }
    }
}
