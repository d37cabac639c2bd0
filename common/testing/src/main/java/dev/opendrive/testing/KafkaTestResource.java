package dev.opendrive.testing;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker for tests, by the project's chain: TEST_KAFKA_BOOTSTRAP_SERVERS from the
 * environment -> a Kafka container when a Docker engine answers -> an Apache Kafka KRaft broker
 * and controller started inside this JVM from the Maven Central jars.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaClusterTestKit cluster;
    private KafkaContainer container;

    @Override
    public Map<String, String> start() {
        String bootstrap = System.getenv("TEST_KAFKA_BOOTSTRAP_SERVERS");
        String source = "environment";
        try {
            if (bootstrap == null || bootstrap.isBlank()) {
                if (DockerProbe.available()) {
                    container = new KafkaContainer("apache/kafka:4.1.2");
                    container.start();
                    bootstrap = container.getBootstrapServers();
                    source = "testcontainers";
                } else {
                    cluster = startEmbeddedBroker(Map.of());
                    bootstrap = cluster.bootstrapServers();
                    source = "embedded KRaft broker";
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a Kafka broker for the tests", e);
        }
        System.out.println("[tests] Kafka from " + source + ": " + bootstrap);
        return Map.of("opendrive.kafka.bootstrap-servers", bootstrap, "kafka.bootstrap.servers", bootstrap);
    }


    @Override
    public void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            // the JVM is ending
        }
        if (container != null) {
            container.stop();
        }
    }

    /**
     * One KRaft broker and controller in this JVM, tuned for tests (single replicas, no rebalance
     * delay, two partitions per topic), plus {@code extra} broker settings; started and ready.
     */
    public static KafkaClusterTestKit startEmbeddedBroker(Map<String, String> extra) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "2");
        extra.forEach(builder::setConfigProp);
        KafkaClusterTestKit started = builder.build();
        started.format();
        started.startup();
        started.waitForReadyBrokers();
        return started;
    }
}
