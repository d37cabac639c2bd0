package dev.opendrive.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.EventData.FileUploaded;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.platform.delivery.EventDelivery;
import dev.opendrive.platform.delivery.EventMetrics;
import dev.opendrive.platform.delivery.RetryPolicy;
import io.opentelemetry.api.trace.TracerProvider;

/**
 * A worker scaled down while a record waits for its next attempt must leave the record to the next
 * consumer: neither acknowledged (its offset would be committed) nor nacked (the dead-letter
 * strategy would move a good record to the DLQ topic and commit it).
 */
class ShutdownDuringRetryTest {

    @Test
    void aRecordInterruptedDuringItsBackoffIsNeitherCommittedNorDeadLettered() throws Exception {
        CountDownLatch failedOnce = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        FileEventHandler failing = new FileEventHandler() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public boolean accepts(FileEvent event) {
                return true;
            }

            @Override
            public void handle(FileEvent event) {
                attempts.incrementAndGet();
                failedOnce.countDown();
                throw new IllegalStateException("storage unavailable");
            }
        };
        EventDelivery core = new EventDelivery(new EventMetrics((io.micrometer.core.instrument.MeterRegistry) null),
                TracerProvider.noop().get("test"), new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        KafkaDelivery delivery = new KafkaDelivery(core);
        AtomicInteger acks = new AtomicInteger();
        AtomicInteger nacks = new AtomicInteger();
        String value = EventCodec.encode(FileEvent.of(new FileUploaded(new FileRef("65a0c0ffee0000000000abcd",
                "files/u/f", "image/png", "u", 1L, null, "a.png")), "test"));
        Message<String> record = Message.of(value).withAck(() -> {
            acks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }).withNack(e -> {
            nacks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });

        AtomicReference<CompletionStage<Void>> result = new AtomicReference<>();
        Thread consumer = new Thread(() -> result.set(delivery.deliver(failing, record)), "consumer");
        consumer.start();
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200); // now in the one-minute backoff
        consumer.interrupt(); // what a shutdown does to the consumer's worker thread
        consumer.join(10_000);

        assertThat(consumer.isAlive()).isFalse();
        assertThat(result.get().toCompletableFuture()).isCompleted();
        assertThat(attempts).hasValue(1);
        assertThat(acks).as("acknowledged: the offset would be committed").hasValue(0);
        assertThat(nacks).as("nacked: the record would go to the dead-letter topic").hasValue(0);
    }
}
