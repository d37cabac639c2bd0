package dev.opendrive.api.events;

import org.jboss.logging.Logger;

import dev.opendrive.model.config.OpenDriveConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.platform.kafka.KafkaConfig;

/**
 * One bus per deployment: the monolith delivers to its embedded handlers in-process; with
 * DEPLOYMENT_MODE=microservices or KAFKA_ENABLED=true events go to the Kafka topic and the worker
 * services consume them (the API then runs no handler itself).
 */
@ApplicationScoped
public class EventPublisherSelector {

    private static final Logger LOG = Logger.getLogger(EventPublisherSelector.class);

    @Produces
    @ApplicationScoped
    EventPublisher eventPublisher(OpenDriveConfig app, KafkaConfig kafka, Instance<InProcessEventBus> inProcess,
            Instance<KafkaEventPublisher> toKafka, Instance<OutboxEventPublisher> viaOutbox) {
        if (app.deploymentMode().isMonolith() && !kafka.enabled()) {
            LOG.info("Events are delivered in-process to the embedded workers");
            return inProcess.get();
        }
        if (kafka.outbox().enabled()) {
            LOG.infof("Events are published to Kafka topic %s through the outbox collection %s", kafka.topic(),
                    kafka.outbox().collection());
            return viaOutbox.get();
        }
        LOG.infof("Events are published to Kafka topic %s", kafka.topic());
        return toKafka.get();
    }
}
