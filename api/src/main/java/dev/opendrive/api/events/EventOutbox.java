package dev.opendrive.api.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.platform.kafka.KafkaConfig;

/**
 * The event_outbox collection: one document per event not yet acknowledged by Kafka, holding the
 * envelope exactly as it will be sent. An entry is free when its lockedUntil has passed; a relay
 * claims entries by moving lockedUntil into the future, each document atomically, so two relays
 * never hold the same entry at once (a lease that runs out while its holder is still sending
 * can still produce a duplicate, which consumers tolerate).
 */
@Singleton
public class EventOutbox {

    /** A claimed entry, ready to send. */
    public record Entry(ObjectId id, String eventId, String key, String payload, Map<String, String> headers,
            int attempts) {
    }

    private static final Date FREE = new Date(0);
    private static final Bson OLDEST_FIRST = Sorts.ascending("createdAt", "_id");

    private final Instance<MongoClient> client;
    private final String database;
    private final KafkaConfig kafka;

    public EventOutbox(Instance<MongoClient> client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            KafkaConfig kafka) {
        this.client = client;
        this.database = database;
        this.kafka = kafka;
    }

    private MongoCollection<Document> collection() {
        return client.get().getDatabase(database).getCollection(kafka.outbox().collection());
    }

    /** Stores the event before the request is acknowledged; throws when the database does not take it. */
    public void add(FileEvent event, String payload, Map<String, String> headers) {
        collection().insertOne(new Document("_id", new ObjectId())
                .append("eventId", event.id())
                .append("event", event.type().wire())
                .append("topic", kafka.topic())
                .append("key", event.key())
                .append("payload", payload)
                .append("headers", new Document(new LinkedHashMap<>(headers)))
                .append("createdAt", new Date())
                .append("attempts", 0)
                .append("lockedUntil", FREE));
    }

    /** Claims up to {@code limit} free entries, oldest first, for {@code lease}. */
    public List<Entry> claim(int limit, Duration lease) {
        Date now = new Date();
        Bson free = Filters.lte("lockedUntil", now);
        List<ObjectId> candidates = new ArrayList<>();
        collection().find(free).sort(OLDEST_FIRST).limit(limit).projection(Projections.include("_id"))
                .forEach(d -> candidates.add(d.getObjectId("_id")));
        if (candidates.isEmpty()) {
            return List.of();
        }
        String token = UUID.randomUUID().toString();
        // The filter repeats "free": an entry another relay claimed since the find above is skipped.
        collection().updateMany(Filters.and(Filters.in("_id", candidates), free), Updates.combine(
                Updates.set("lockedUntil", new Date(now.getTime() + lease.toMillis())),
                Updates.set("claim", token), Updates.inc("attempts", 1)));
        List<Entry> claimed = new ArrayList<>();
        collection().find(Filters.eq("claim", token)).sort(OLDEST_FIRST).forEach(d -> {
            Map<String, String> headers = new LinkedHashMap<>();
            Document h = d.get("headers", Document.class);
            if (h != null) {
                h.forEach((k, v) -> headers.put(k, String.valueOf(v)));
            }
            claimed.add(new Entry(d.getObjectId("_id"), d.getString("eventId"), d.getString("key"),
                    d.getString("payload"), headers, d.getInteger("attempts", 0)));
        });
        return claimed;
    }

    /** Forgets entries the broker acknowledged. */
    public void delete(List<ObjectId> ids) {
        if (!ids.isEmpty()) {
            collection().deleteMany(Filters.in("_id", ids));
        }
    }

    /** Frees entries whose send failed, so the next round (of any relay) retries them at once. */
    public void release(List<ObjectId> ids, String error) {
        if (!ids.isEmpty()) {
            collection().updateMany(Filters.in("_id", ids), Updates.combine(Updates.set("lockedUntil", FREE),
                    Updates.set("lastError", error), Updates.unset("claim")));
        }
    }

    public long pending() {
        return collection().countDocuments();
    }

    /** Idempotent; called by the relay on its first round, never at boot. */
    public void ensureIndex() {
        collection().createIndex(Indexes.ascending("lockedUntil", "createdAt", "_id"));
    }
}
