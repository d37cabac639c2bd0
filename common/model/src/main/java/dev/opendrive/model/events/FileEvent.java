package dev.opendrive.model.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One event: {id, event, data, timestamp, service} on the wire ({@link EventCodec}). The id is
 * unique per event and lets consumers de-duplicate and trace a delivery; the type is the data's.
 */
public record FileEvent(String id, EventData data, String timestamp, String service) {

    public static FileEvent of(EventData data, String service) {
        return new FileEvent(UUID.randomUUID().toString(), data, Instant.now().toString(), service);
    }

    public EventType type() {
        return data.type();
    }

    /** Kafka record key: keeps one file's events in order while spreading files over partitions. */
    public String key() {
        return data.key();
    }
}
