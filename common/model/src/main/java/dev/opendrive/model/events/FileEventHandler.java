package dev.opendrive.model.events;

/**
 * A consumer of file events (thumbnails, search index). The delivery core
 * (dev.opendrive.platform.delivery) asks {@link #accepts} once and calls {@link #handle} only for
 * what was accepted, on every transport, so a handler never checks again. Implementations must be
 * idempotent: delivery is at least once and retries after a failure.
 */
public interface FileEventHandler {

    /** Stable name used in logs, metrics and as the consumer group's suffix. */
    String name();

    /**
     * Whether this handler wants the event at all; others are acknowledged without work. Cheap and
     * side-effect free: it may run on the thread that published the event.
     */
    boolean accepts(FileEvent event);

    /**
     * Does the work. Throwing {@link UnprocessableEventException} says retrying cannot help (the
     * event is dead-lettered at once); any other exception is retried under the delivery policy.
     */
    void handle(FileEvent event) throws Exception;
}
