package dev.opendrive.platform.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per line in the shape Cloud Logging's agent on Cloud Run turns into a structured
 * LogEntry: {@code severity}, {@code message}, {@code time} and the special
 * {@code logging.googleapis.com/*} keys are lifted into the entry, everything else stays in
 * {@code jsonPayload}. quarkus-logging-json's GCP format cannot produce this (level names like WARN
 * and FATAL are not Cloud Logging severities, its keys are {@code trace}/{@code spanId} and its trace
 * prefix is the application name, not the project), hence this small formatter.
 */
public final class CloudLoggingFormatter extends ExtFormatter {

    static final String TRACE = "logging.googleapis.com/trace";
    static final String SPAN_ID = "logging.googleapis.com/spanId";
    static final String TRACE_SAMPLED = "logging.googleapis.com/trace_sampled";
    static final String LABELS = "logging.googleapis.com/labels";

    /** MDC keys quarkus-opentelemetry fills; they become the trace keys above instead of plain fields. */
    private static final Set<String> TRACE_MDC_KEYS = Set.of("traceId", "spanId", "sampled", "parentId");
    /** Keys the formatter writes itself; an MDC entry of the same name must not produce a duplicate key. */
    private static final Set<String> RESERVED = Set.of("severity", "message", "time", "logger", "thread", TRACE,
            SPAN_ID, TRACE_SAMPLED, LABELS);

    private final String tracePrefix;
    private final String labels;

    /**
     * @param projectId Google Cloud project for the trace resource name; without it no trace key is written
     *        (Cloud Logging only links traces given as {@code projects/<id>/traces/<traceId>})
     * @param service   Cloud Run service (K_SERVICE) or the app's own service name
     * @param revision  Cloud Run revision (K_REVISION), may be null
     */
    public CloudLoggingFormatter(String projectId, String service, String revision) {
        this.tracePrefix = projectId == null || projectId.isBlank() ? null : "projects/" + projectId + "/traces/";
        StringBuilder l = new StringBuilder("{");
        if (service != null && !service.isBlank()) {
            field(l, "service", service);
        }
        if (revision != null && !revision.isBlank()) {
            field(l, "revision", revision);
        }
        this.labels = l.length() == 1 ? null : l.append('}').toString();
    }

    @Override
    public String format(ExtLogRecord record) {
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, "severity", severity(record.getLevel()));
        String message = formatMessage(record);
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            // Error Reporting picks the stack trace up only from the message text (or stack_trace)
            message = (message == null || message.isEmpty() ? "" : message + "\n") + stackTrace(thrown);
        }
        field(out, "message", message == null ? "" : message);
        field(out, "time", Instant.ofEpochMilli(record.getMillis()).toString());
        field(out, "logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        field(out, "thread", record.getThreadName() == null ? "" : record.getThreadName());

        Map<String, String> mdc = record.getMdcCopy();
        String traceId = mdc.get("traceId");
        if (traceId != null && !traceId.isEmpty() && tracePrefix != null) {
            field(out, TRACE, tracePrefix + traceId);
            String spanId = mdc.get("spanId");
            if (spanId != null && !spanId.isEmpty()) {
                field(out, SPAN_ID, spanId);
            }
            String sampled = mdc.get("sampled");
            if (sampled != null && !sampled.isEmpty()) {
                out.append(",\"").append(TRACE_SAMPLED).append("\":").append(Boolean.parseBoolean(sampled));
            }
        }
        if (labels != null) {
            out.append(",\"").append(LABELS).append("\":").append(labels);
        }
        for (Map.Entry<String, String> e : mdc.entrySet()) {
            String key = e.getKey();
            if (e.getValue() == null || TRACE_MDC_KEYS.contains(key) || RESERVED.contains(key)) {
                continue;
            }
            if (isNumericKey(key) && isLong(e.getValue())) {
                // numbers so that queries like jsonPayload.durationMs > 1000 compare numerically
                out.append(",\"");
                escape(out, key);
                out.append("\":").append(e.getValue());
            } else {
                field(out, key, e.getValue());
            }
        }
        return out.append("}\n").toString();
    }

    /** Cloud Logging's LogSeverity names for JBoss/JUL levels, by level value so custom levels map too. */
    static String severity(Level level) {
        int v = level == null ? Level.INFO.intValue() : level.intValue();
        if (v >= org.jboss.logmanager.Level.FATAL.intValue()) {
            return "CRITICAL";
        }
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }

    private static boolean isNumericKey(String key) {
        return key.endsWith("Ms") || key.endsWith("Bytes") || key.equals("size") || key.equals("attempts")
                || key.equals("status");
    }

    private static boolean isLong(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-' && value.length() > 1)) {
                return false;
            }
        }
        return true;
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter w = new StringWriter(1024);
        thrown.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static void field(StringBuilder out, String key, String value) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append('"');
        escape(out, key);
        out.append("\":\"");
        escape(out, value);
        out.append('"');
    }

    static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
