package dev.opendrive.api.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import dev.opendrive.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An in-JVM KRaft broker behind a {@link SwitchableKafka} gate that starts closed: the API boots
 * with Kafka "down" and the test opens the gate when it wants Kafka back. Always embedded (the
 * gate must sit between the clients and the broker's advertised address).
 */
public class SwitchableKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@link SwitchableKafka} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Gate {
    }

    private KafkaClusterTestKit cluster;
    private SwitchableKafka gate;

    @Override
    public Map<String, String> start() {
        try {
            int gatePort = SwitchableKafka.freePort();
            cluster = KafkaTestResource.startEmbeddedBroker(
                    Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + gatePort));
            int brokerPort = Integer.parseInt(cluster.bootstrapServers().replaceAll(".*:", ""));
            gate = new SwitchableKafka(gatePort, brokerPort);
            String bootstrap = "127.0.0.1:" + gatePort;
            System.out.println("[tests] Kafka (embedded, behind a closed gate): " + bootstrap + " -> "
                    + cluster.bootstrapServers());
            return Map.of("opendrive.kafka.bootstrap-servers", bootstrap, "kafka.bootstrap.servers", bootstrap);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the gated Kafka broker", e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(gate, new TestInjector.AnnotatedAndMatchesType(Gate.class, SwitchableKafka.class));
    }

    @Override
    public void stop() {
        if (gate != null) {
            gate.close();
        }
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            // the JVM is ending
        }
    }
}
