package dev.opendrive.model.db;

import static org.bson.codecs.configuration.CodecRegistries.fromProviders;
import static org.bson.codecs.configuration.CodecRegistries.fromRegistries;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.jboss.logging.Logger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import dev.opendrive.model.config.OpenDriveConfig;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * The MongoClient every repository uses, created on the first database call rather than at boot:
 * the Quarkus extension creates its clients eagerly at start-up, which would open connections
 * (and start the embedded server) before anyone needs them. Its own client stays inactive because
 * neither quarkus.mongodb.hosts nor quarkus.mongodb.connection-string is set.
 */
@ApplicationScoped
public class LazyMongoClientProducer {

    private static final Logger LOG = Logger.getLogger(LazyMongoClientProducer.class);

    // Panache looks the client up programmatically: without @Unremovable an app that never injects
    // MongoClient itself (the workers) would lose this producer at build time.
    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    @Unremovable
    MongoClient mongoClient(DatabaseConfig db, OpenDriveConfig config, Instance<EmbeddedDatabase> embedded,
            Event<MongoClientCreated> created, Instance<CodecProvider> codecs) {
        ConnectionString target = db.externalUri().map(ConnectionString::new)
                .orElseGet(() -> {
                    if (!config.deploymentMode().isMonolith()) {
                        throw new IllegalStateException("MONGODB_URI is required in microservices mode");
                    }
                    if (!embedded.isResolvable()) {
                        throw new IllegalStateException(
                                "MONGODB_URI is required: this build has no embedded database (built for microservices)");
                    }
                    return embedded.get().start();
                });
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyToClusterSettings(c -> c.serverSelectionTimeout(
                        db.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) db.connectTimeout().toMillis(),
                        TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(p -> p.maxSize(db.maxPoolSize()).minSize(0))
                // settings in the URI win over the defaults above
                .applyConnectionString(target)
                .codecRegistry(codecRegistry(codecs))
                .applicationName(config.serviceName())
                .build();
        LOG.infof("MongoDB client created for %s", settings.getClusterSettings().getHosts());
        MongoClient client = MongoClients.create(settings);
        // Runs inside the bean's creation: observers use the client they are given, not the bean.
        created.fire(new MongoClientCreated(client));
        return client;
    }

    /**
     * As the Quarkus extension would build it: the driver's codecs, then the application's
     * CodecProvider beans (hand-written codecs of the documents every listing reads), then POJO
     * mapping for every other class. The providers must come before the POJO provider, which
     * takes any class it is asked for.
     */
    public static CodecRegistry codecRegistry(Iterable<? extends CodecProvider> handWritten) {
        List<CodecProvider> providers = new ArrayList<>();
        handWritten.forEach(providers::add);
        providers.add(PojoCodecProvider.builder().automatic(true).build());
        return fromRegistries(MongoClientSettings.getDefaultCodecRegistry(), fromProviders(providers));
    }

    void close(@Disposes MongoClient client) {
        client.close();
    }
}
