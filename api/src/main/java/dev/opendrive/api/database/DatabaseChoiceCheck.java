package dev.opendrive.api.database;

import dev.opendrive.model.db.DatabaseConfig;
import dev.opendrive.model.db.EmbeddedDatabase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * A build without the embedded database (the Cloud Run image) and no MONGODB_URI can never serve a
 * request: refuse to start, so the deployment fails at once with the reason instead of answering
 * 500 on the first sign-up. Reads settings only; nothing connects at boot.
 */
class DatabaseChoiceCheck {

    static void onStart(@Observes StartupEvent start, DatabaseConfig database, Instance<EmbeddedDatabase> embedded) {
        if (database.externalUri().isEmpty() && embedded.isUnsatisfied()) {
            throw new IllegalStateException(
                    "MONGODB_URI is required: this build has no embedded database (built with -Dopendrive.embedded-db=false)");
        }
    }
}
