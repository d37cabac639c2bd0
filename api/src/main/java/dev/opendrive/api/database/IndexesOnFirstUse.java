package dev.opendrive.api.database;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import dev.opendrive.model.db.IndexCatalog;
import dev.opendrive.model.db.MongoClientCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.opendrive.platform.logging.LogEvent;

/**
 * Creates the product's indexes when this process first touches the database (never at start-up:
 * a cold start must not wait for it). If the database does not answer then, requests fail on
 * their own and a background thread keeps trying until the indexes are there; then it fills in
 * what older versions did not write (name grams).
 */
@ApplicationScoped
public class IndexesOnFirstUse {

    private static final Logger LOG = Logger.getLogger(IndexesOnFirstUse.class);

    private final String database;

    public IndexesOnFirstUse(@ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.database = database;
    }

    void onClient(@Observes MongoClientCreated created) {
        MongoDatabase db = created.client().getDatabase(database);
        boolean ready = tryEnsure(db);
        Thread later = new Thread(() -> {
            if (ready || retry(db)) {
                backfill(db);
            }
        }, "opendrive-indexes");
        later.setDaemon(true);
        later.start();
    }

    private static void backfill(MongoDatabase db) {
        try {
            NameGramsBackfill.run(db);
        } catch (RuntimeException e) {
            LogEvent.of("name_grams.failed").with("error", e.toString())
                    .with("detail", "files written before this version may not be found by name until the next start")
                    .warn(LOG);
        }
    }

    private static boolean tryEnsure(MongoDatabase db) {
        try {
            IndexCatalog.ensure(db);
            return true;
        } catch (RuntimeException e) {
            LogEvent.of("indexes.failed").with("error", e.toString()).with("detail", "retrying in the background")
                    .warn(LOG);
            return false;
        }
    }

    private static boolean retry(MongoDatabase db) {
        long pause = 1_000;
        while (true) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return false;
            }
            if (tryEnsure(db)) {
                return true;
            }
            pause = Math.min(pause * 2, 30_000);
        }
    }
}
