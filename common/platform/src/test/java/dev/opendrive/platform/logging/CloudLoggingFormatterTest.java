package dev.opendrive.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class CloudLoggingFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CloudLoggingFormatter formatter = new CloudLoggingFormatter("my-proj", "opendrive-api",
            "opendrive-api-00042-abc");

    private static ExtLogRecord record(Level level, String message) {
        ExtLogRecord r = new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                CloudLoggingFormatterTest.class.getName());
        r.setLoggerName("dev.opendrive.api.files.FileService");
        r.setThreadName("executor-thread-1");
        r.setMdc(Map.of());
        return r;
    }

    private JsonNode format(ExtLogRecord record) throws Exception {
        String line = formatter.format(record);
        // exactly one line per record: Cloud Run turns every stdout line into its own entry
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        return JSON.readTree(line);
    }

    @Test
    void writesTheCloudLoggingFieldsAsOneJsonLine() throws Exception {
        ExtLogRecord r = record(Level.INFO, "event=file.uploaded \"quoted\" \t tab");
        JsonNode json = format(r);

        assertThat(json.get("severity").asText()).isEqualTo("INFO");
        assertThat(json.get("message").asText()).isEqualTo("event=file.uploaded \"quoted\" \t tab");
        assertThat(Instant.parse(json.get("time").asText())).isEqualTo(Instant.ofEpochMilli(r.getMillis()));
        assertThat(json.get("logger").asText()).isEqualTo("dev.opendrive.api.files.FileService");
        assertThat(json.get("thread").asText()).isEqualTo("executor-thread-1");
        JsonNode labels = json.get("logging.googleapis.com/labels");
        assertThat(labels.get("service").asText()).isEqualTo("opendrive-api");
        assertThat(labels.get("revision").asText()).isEqualTo("opendrive-api-00042-abc");
        assertThat(json.has("logging.googleapis.com/trace")).isFalse();
    }

    @Test
    void mapsLevelsToCloudLoggingSeverities() throws Exception {
        assertThat(format(record(org.jboss.logmanager.Level.WARN, "w")).get("severity").asText()).isEqualTo("WARNING");
        assertThat(format(record(Level.WARNING, "w")).get("severity").asText()).isEqualTo("WARNING");
        assertThat(format(record(org.jboss.logmanager.Level.ERROR, "e")).get("severity").asText()).isEqualTo("ERROR");
        assertThat(format(record(org.jboss.logmanager.Level.FATAL, "f")).get("severity").asText())
                .isEqualTo("CRITICAL");
        assertThat(format(record(org.jboss.logmanager.Level.DEBUG, "d")).get("severity").asText()).isEqualTo("DEBUG");
        assertThat(format(record(org.jboss.logmanager.Level.TRACE, "t")).get("severity").asText()).isEqualTo("DEBUG");
    }

    @Test
    void linksTheTraceFromTheOpenTelemetryMdcKeys() throws Exception {
        ExtLogRecord r = record(Level.INFO, "traced");
        r.setMdc(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7", "sampled", "true"));
        JsonNode json = format(r);

        assertThat(json.get("logging.googleapis.com/trace").asText())
                .isEqualTo("projects/my-proj/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.get("logging.googleapis.com/spanId").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.get("logging.googleapis.com/trace_sampled").isBoolean()).isTrue();
        assertThat(json.get("logging.googleapis.com/trace_sampled").asBoolean()).isTrue();
        // not repeated as plain fields
        assertThat(json.has("traceId")).isFalse();
        assertThat(json.has("spanId")).isFalse();
    }

    @Test
    void writesMdcFieldsAsTopLevelKeysWithDurationsAsNumbers() throws Exception {
        ExtLogRecord r = record(Level.INFO, "event=file.uploaded");
        r.setMdc(Map.of("event", "file.uploaded", "fileId", "665f1c", "userId", "u1", "outcome", "success",
                "durationMs", "42", "message", "must not replace the message"));
        JsonNode json = format(r);

        assertThat(json.get("event").asText()).isEqualTo("file.uploaded");
        assertThat(json.get("fileId").asText()).isEqualTo("665f1c");
        assertThat(json.get("userId").asText()).isEqualTo("u1");
        assertThat(json.get("outcome").asText()).isEqualTo("success");
        assertThat(json.get("durationMs").isNumber()).isTrue();
        assertThat(json.get("durationMs").asLong()).isEqualTo(42);
        assertThat(json.get("message").asText()).isEqualTo("event=file.uploaded");
    }

    @Test
    void putsTheStackTraceIntoTheMessageForErrorReporting() throws Exception {
        ExtLogRecord r = record(org.jboss.logmanager.Level.ERROR, "event=upload.failed");
        r.setThrown(new IllegalStateException("disk full"));
        JsonNode json = format(r);

        String message = json.get("message").asText();
        assertThat(message).startsWith("event=upload.failed\njava.lang.IllegalStateException: disk full\n\tat ");
        assertThat(message).contains("CloudLoggingFormatterTest");
    }

    @Test
    void leavesTheTraceOutWithoutAProjectAndTheLabelsOutWithoutAService() throws Exception {
        CloudLoggingFormatter bare = new CloudLoggingFormatter(null, null, null);
        ExtLogRecord r = record(Level.INFO, "x");
        r.setMdc(Map.of("traceId", "abc"));
        JsonNode json = JSON.readTree(bare.format(r));
        assertThat(json.has("logging.googleapis.com/trace")).isFalse();
        assertThat(json.has("logging.googleapis.com/labels")).isFalse();
    }

    @Test
    void switchesOnForCloudRunOrLogFormatJson() {
        Optional<String> none = Optional.empty();
        assertThat(CloudLoggingSettings.of(none, none, none, none, "opendrive-api").json()).isFalse();

        assertThat(CloudLoggingSettings.of(Optional.of("JSON"), none, none, Optional.of("gcs-proj"), "opendrive-api"))
                .isEqualTo(new CloudLoggingSettings(true, "gcs-proj", "opendrive-api", null));

        // a Cloud Run service (K_SERVICE) or a worker pool (CLOUD_RUN_WORKER_POOL): JSON, named after it
        assertThat(CloudLoggingSettings.of(none, Optional.of("od-api"), Optional.of("od-api-001"), Optional.of("gc-proj"),
                "opendrive-api")).isEqualTo(new CloudLoggingSettings(true, "gc-proj", "od-api", "od-api-001"));
    }
}
