package dev.opendrive.platform.logging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Formatter;
import java.util.logging.Level;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Copies log records, as the same JSON lines the console writes on Cloud Run, to Kafka topics by
 * severity: WARN and above to the critical topic, INFO to the info topic, DEBUG/TRACE to the debug
 * topic. Logging must never wait for Kafka: records go into a bounded queue drained by one daemon
 * thread, and when the queue is full the record is dropped and counted. Records of the Kafka client
 * itself and of the sending thread are never forwarded (they would feed themselves through a broker
 * outage). The producer is created on the sending thread with the first record, not at boot.
 */
public final class KafkaLogHandler extends ExtHandler {

    public record Topics(String critical, String info, String debug) {
    }

    private final Map<String, Object> producerProperties;
    private final Topics topics;
    private final Formatter json;
    private final BlockingQueue<ProducerRecord<String, String>> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final String key;
    // the producer and its thread start with the first record worth sending, not with the handler
    private final Thread sender = new Thread(this::run, "opendrive-log-kafka");
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    public KafkaLogHandler(Map<String, Object> producerProperties, Topics topics, int queueSize, Formatter json,
            String key) {
        this.producerProperties = producerProperties;
        this.topics = topics;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
        this.json = json;
        this.key = key;
        setFormatter(json);
        sender.setDaemon(true);
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        if (closed || Thread.currentThread() == sender || fromKafkaClient(record.getLoggerName())) {
            return;
        }
        String line = json.format(record);
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        if (!queue.offer(new ProducerRecord<>(topicFor(record.getLevel()), key, line))) {
            dropped.incrementAndGet();
            return;
        }
        startSender();
    }

    String topicFor(Level level) {
        int v = level.intValue();
        if (v >= Level.WARNING.intValue()) {
            return topics.critical();
        }
        return v >= Level.INFO.intValue() ? topics.info() : topics.debug();
    }

    private static boolean fromKafkaClient(String logger) {
        return logger != null && (logger.startsWith("org.apache.kafka") || logger.startsWith("kafka."));
    }

    private void startSender() {
        if (!closed && started.compareAndSet(false, true)) {
            sender.start();
        }
    }

    private void run() {
        Producer<String, String> producer = null;
        try {
            producer = new KafkaProducer<>(producerProperties);
            while (!closed || !queue.isEmpty()) {
                ProducerRecord<String, String> next = queue.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                try {
                    // blocks at most max.block.ms while the broker is away; the queue absorbs or drops meanwhile
                    producer.send(next, (metadata, error) -> (error == null ? sent : failed).incrementAndGet());
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a producer that cannot be created (bad settings) stops the copy for good; say so once on
            // stderr, not through the logger this handler is attached to
            System.err.println("opendrive-log-kafka: Kafka log handler stopped: " + e);
            failed.addAndGet(queue.size());
            queue.clear();
            closed = true;
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
        }
    }

    /** Records dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records the producer could not deliver. */
    public long failed() {
        return failed.get();
    }

    /** Records the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        closed = true;
        if (started.get()) {
            try {
                sender.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
