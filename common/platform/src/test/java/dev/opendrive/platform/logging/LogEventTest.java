package dev.opendrive.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LogEventTest {

    @Test
    void logsTheFieldsAsTextAndAsJsonKeysAndRestoresTheMdc() throws Exception {
        List<String> lines = new ArrayList<>();
        CloudLoggingFormatter formatter = new CloudLoggingFormatter("p", "svc", null);
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        String category = "dev.opendrive.logging.test." + System.nanoTime();
        org.jboss.logmanager.Logger target = LogContext.getLogContext().getLogger(category);
        target.addHandler(capture);
        MDC.put("traceId", "t1");
        try {
            Logger log = Logger.getLogger(category);
            LogEvent.of("file.uploaded").with("fileId", "f1").with("userId", "u1").with("name", "a b.txt")
                    .outcome("success").with("durationMs", 12).with("skipped", null).info(log);
        } finally {
            target.removeHandler(capture);
        }

        assertThat(lines).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(lines.get(0));
        assertThat(json.get("message").asText())
                .isEqualTo("event=file.uploaded fileId=f1 userId=u1 name=\"a b.txt\" outcome=success durationMs=12");
        assertThat(json.get("event").asText()).isEqualTo("file.uploaded");
        assertThat(json.get("fileId").asText()).isEqualTo("f1");
        assertThat(json.get("durationMs").asLong()).isEqualTo(12);
        assertThat(json.has("skipped")).isFalse();
        assertThat(json.get("logging.googleapis.com/trace").asText()).isEqualTo("projects/p/traces/t1");
        // the event's fields are gone after the call, what was there before stays
        assertThat(MDC.get("event")).isNull();
        assertThat(MDC.get("fileId")).isNull();
        assertThat(MDC.get("traceId")).isEqualTo("t1");
        MDC.remove("traceId");
    }

    @Test
    void formatsRecordsTheLogManagerCreated() {
        // ExtFormatter.format(LogRecord) wraps plain JUL records too
        String line = new CloudLoggingFormatter(null, null, null)
                .format(new LogRecord(java.util.logging.Level.SEVERE, "plain"));
        assertThat(line).contains("\"severity\":\"ERROR\"").contains("\"message\":\"plain\"");
        assertThat(new ExtLogRecord(java.util.logging.Level.INFO, "x", "c").getMdcCopy()).isNotNull();
    }
}
