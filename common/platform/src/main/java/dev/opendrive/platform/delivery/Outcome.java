package dev.opendrive.platform.delivery;

import java.time.Duration;

/** What one attempt of one handler on one event came to; the transport acts on it. */
public sealed interface Outcome {

    /** The handler did its work: acknowledge. */
    record Done() implements Outcome {
    }

    /** The handler does not want this event: acknowledge without work. */
    record Skipped() implements Outcome {
    }

    /** Failed, worth trying again after {@code after} (zero: the sender redelivers). */
    record Retry(Duration after, Exception cause) implements Outcome {
    }

    /** Failed for good: dead-letter it (Kafka's DLQ topic; elsewhere logged and dropped). */
    record DeadLetter(String reason, Throwable cause) implements Outcome {
    }

    Outcome DONE = new Done();
    Outcome SKIPPED = new Skipped();
}
