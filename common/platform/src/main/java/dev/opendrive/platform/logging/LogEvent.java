package dev.opendrive.platform.logging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A business event logged once with its fields twice: as {@code key=value} text in the message (what the
 * console format shows) and as MDC entries, which the Cloud Logging JSON format writes as top-level keys
 * (jsonPayload.event, jsonPayload.fileId, ...) so they can be queried. The MDC entries live only for
 * the one log call; values already in the MDC (trace ids) are left as they were.
 *
 * <pre>LogEvent.of("file.uploaded").with("fileId", id).outcome("success").durationSince(started).info(LOG);</pre>
 */
public final class LogEvent {

    private final Map<String, String> fields = new LinkedHashMap<>();

    private LogEvent(String event) {
        fields.put("event", event);
    }

    public static LogEvent of(String event) {
        return new LogEvent(event);
    }

    /** Adds a field; null values are left out. */
    public LogEvent with(String key, Object value) {
        if (value != null) {
            fields.put(key, String.valueOf(value));
        }
        return this;
    }

    public LogEvent outcome(String outcome) {
        return with("outcome", outcome);
    }

    public LogEvent durationSince(long startedNanos) {
        return with("durationMs", (System.nanoTime() - startedNanos) / 1_000_000);
    }

    public void debug(Logger log) {
        if (log.isDebugEnabled()) {
            log(log, Logger.Level.DEBUG, null);
        }
    }

    public void info(Logger log) {
        log(log, Logger.Level.INFO, null);
    }

    public void warn(Logger log) {
        log(log, Logger.Level.WARN, null);
    }

    public void error(Logger log, Throwable thrown) {
        log(log, Logger.Level.ERROR, thrown);
    }

    /** The console text: {@code event=file.uploaded fileId=... outcome=success}. */
    public String message() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(k).append('=');
            if (v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('"') >= 0) {
                sb.append('"').append(v.replace("\"", "\\\"")).append('"');
            } else {
                sb.append(v);
            }
        });
        return sb.toString();
    }

    private void log(Logger log, Logger.Level level, Throwable thrown) {
        if (!log.isEnabled(level)) {
            return;
        }
        Map<String, Object> previous = new LinkedHashMap<>();
        fields.forEach((k, v) -> previous.put(k, MDC.put(k, v)));
        try {
            log.log(level, message(), thrown);
        } finally {
            previous.forEach((k, old) -> {
                if (old == null) {
                    MDC.remove(k);
                } else {
                    MDC.put(k, old);
                }
            });
        }
    }
}
