package dev.opendrive.worker;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.model.events.FileEventHandler;

/**
 * Feeds the worker's one FileEventHandler from the "file-events" channel. Blocking and ordered:
 * one record at a time per consumer keeps each file's events in order; workers scale out through
 * partitions and instances.
 */
@ApplicationScoped
public class FileEventConsumer {

    private final KafkaDelivery delivery;
    private final FileEventHandler handler;

    public FileEventConsumer(KafkaDelivery delivery, FileEventHandler handler) {
        this.delivery = delivery;
        this.handler = handler;
    }

    @Incoming("file-events")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return delivery.deliver(handler, message);
    }
}
