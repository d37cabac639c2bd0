package dev.opendrive.thumbnailworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.logging.Formatter;

import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.platform.logging.CloudLoggingFormatter;
import dev.opendrive.platform.logging.CloudLoggingInstaller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The worker started as on Cloud Run with LOG_FORMAT=json and a lowercase LOG_LEVEL. */
@QuarkusTest
@TestProfile(ThumbnailWorkerJsonLoggingTest.JsonLogging.class)
class ThumbnailWorkerJsonLoggingTest {

    public static class JsonLogging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "warn", "K_REVISION", "thumbnail-00007-xyz",
                    "GOOGLE_CLOUD_PROJECT", "test-project");
        }
    }

    @Test
    void theConsoleWritesCloudLoggingJson() throws Exception {
        Formatter console = CloudLoggingInstaller.consoleFormatter();
        assertThat(console).isInstanceOf(CloudLoggingFormatter.class);

        ExtLogRecord record = new ExtLogRecord(org.jboss.logmanager.Level.WARN, "event=thumbnail.rejected",
                ExtLogRecord.FormatStyle.NO_FORMAT, getClass().getName());
        record.setLoggerName("dev.opendrive.thumbnails.ThumbnailHandler");
        record.setMdc(Map.of("traceId", "0af7651916cd43dd8448eb211c80319c", "spanId", "b7ad6b7169203331",
                "sampled", "false", "fileId", "f-1"));
        JsonNode json = new ObjectMapper().readTree(console.format(record));

        assertThat(json.get("severity").asText()).isEqualTo("WARNING");
        assertThat(json.get("message").asText()).isEqualTo("event=thumbnail.rejected");
        assertThat(json.get("logging.googleapis.com/trace").asText())
                .isEqualTo("projects/test-project/traces/0af7651916cd43dd8448eb211c80319c");
        assertThat(json.get("logging.googleapis.com/spanId").asText()).isEqualTo("b7ad6b7169203331");
        assertThat(json.get("logging.googleapis.com/trace_sampled").asBoolean(true)).isFalse();
        assertThat(json.get("logging.googleapis.com/labels").get("service").asText())
                .isEqualTo("opendrive-thumbnail-worker");
        assertThat(json.get("logging.googleapis.com/labels").get("revision").asText())
                .isEqualTo("thumbnail-00007-xyz");
        assertThat(json.get("fileId").asText()).isEqualTo("f-1");
    }

    @Test
    void aLowercaseLogLevelApplies() {
        assertThat(LogContext.getLogContext().getLogger("").getLevel()).isEqualTo(org.jboss.logmanager.Level.WARN);
        Logger log = Logger.getLogger("dev.opendrive.thumbnails");
        assertThat(log.isEnabled(Logger.Level.WARN)).isTrue();
        assertThat(log.isInfoEnabled()).isFalse();
    }
}
