package dev.opendrive.api.health;

import java.util.concurrent.TimeUnit;

import org.bson.Document;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Pings the database; the first call creates the client (and starts the embedded server). */
@ApplicationScoped
public class DatabaseProbe {

    private final Instance<MongoClient> client;

    public DatabaseProbe(Instance<MongoClient> client) {
        this.client = client;
    }

    public boolean isUp() {
        try {
            client.get().getDatabase("admin").withReadPreference(ReadPreference.primaryPreferred())
                    .withTimeout(3, TimeUnit.SECONDS).runCommand(new Document("ping", 1));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
