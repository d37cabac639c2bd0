package dev.opendrive.model.events;

/**
 * The publishing side of the bus. The API calls it after the change is durable; it never waits for
 * a consumer, and a delivery problem never fails the request that caused the event.
 */
public interface EventPublisher {

    void publish(FileEvent event);
}
