package dev.opendrive.model.events;

/**
 * A consumer of file events (thumbnails, search index). Implementations must be idempotent: the
 * bus delivers at least once and retries after a failure.
 */
public interface FileEventHandler {

    /** Stable name used in logs and as the consumer group's suffix. */
    String name();

    /** Whether this handler wants the event at all; others are acknowledged without work. */
    default boolean accepts(FileEvent event) {
        return true;
    }

    void handle(FileEvent event) throws Exception;
}
