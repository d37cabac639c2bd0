package dev.opendrive.api.testing;

import java.util.List;
import java.util.Set;

import org.bson.Document;

import com.mongodb.client.MongoClient;

/**
 * The queries the embedded engine ran, as its {@code planStats} admin command reports them (one
 * document per query: namespace, plan, documents read and returned). Another database refuses the
 * command (MongoCommandException).
 */
public final class PlanStats {

    private PlanStats() {
    }

    /** The queries since the last reset; {@code reset} starts a new count after this one. */
    public static List<Document> read(MongoClient client, boolean reset) {
        return client.getDatabase("admin").runCommand(new Document("planStats", 1).append("reset", reset))
                .getList("queries", Document.class);
    }

    /** Starts a new count. */
    public static void reset(MongoClient client) {
        read(client, true);
    }

    /** The queries of these collections since the last reset. */
    public static List<Document> of(MongoClient client, String... collections) {
        Set<String> names = Set.of(collections);
        return read(client, false).stream().filter(q -> {
            String ns = q.getString("ns");
            return names.contains(ns.substring(ns.indexOf('.') + 1));
        }).toList();
    }
}
