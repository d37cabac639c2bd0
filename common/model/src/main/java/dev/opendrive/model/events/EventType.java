package dev.opendrive.model.events;

import java.util.Optional;

/** The kinds of event on the bus and on the Kafka topic, with the name each has on the wire. */
public enum EventType {
    FILE_UPLOADED("file.uploaded"),
    FILE_DELETED("file.deleted"),
    FILE_RESTORED("file.restored"),
    FILE_RENAMED("file.renamed"),
    FILE_MOVED("file.moved"),
    FOLDER_DELETED("folder.deleted");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The envelope's {@code event} value, as the old service wrote it. */
    public String wire() {
        return wire;
    }

    /** The type a wire name stands for; empty for a name this version does not know. */
    public static Optional<EventType> fromWire(String name) {
        for (EventType t : values()) {
            if (t.wire.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
