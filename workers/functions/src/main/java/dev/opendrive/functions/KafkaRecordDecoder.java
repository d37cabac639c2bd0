package dev.opendrive.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.UnprocessableEventException;
import jakarta.inject.Singleton;

/**
 * Finds our {@link FileEvent} in the data of a CloudEvent pushed for a Kafka record. Eventarc's
 * Kafka source delivers the record value as the event data; depending on the source's settings
 * and on the hop in between, that value arrives as the FileEvent JSON itself, as base64 text of
 * it, or wrapped in a record object ({@code value}/{@code messageValue}/{@code payload}, or a
 * Pub/Sub push body {@code message.data}) whose value is JSON or base64. Each layer is peeled off
 * until an object with {@code event} and {@code data} appears. Tree model only: nothing here
 * needs reflection (native images).
 */
@Singleton
public class KafkaRecordDecoder {

    /** Record wrappers seen around a Kafka value, most specific first. */
    private static final String[] VALUE_FIELDS = { "value", "messageValue", "payload", "data" };
    // each JSON parse, wrapper field and base64 decode counts one; real payloads need at most six
    private static final int MAX_LAYERS = 10;

    private final ObjectMapper json;

    public KafkaRecordDecoder(ObjectMapper json) {
        this.json = json;
    }

    /** The envelope object ({@code event} and {@code data}) inside the pushed data, for {@code EventCodec}. */
    public JsonNode envelope(byte[] data) throws UnprocessableEventException {
        if (data == null || data.length == 0) {
            throw new UnprocessableEventException("pushed event has no data");
        }
        return fromText(new String(data, StandardCharsets.UTF_8), 0);
    }

    private JsonNode fromText(String text, int layer) throws UnprocessableEventException {
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
            try {
                return fromNode(json.readTree(trimmed), layer + 1);
            } catch (IOException e) {
                throw new UnprocessableEventException("pushed event data is not JSON: " + shorten(trimmed), e);
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEventException("pushed event data is neither JSON nor base64: " + shorten(trimmed), e);
        }
        if (layer >= MAX_LAYERS) {
            throw new UnprocessableEventException("pushed event data is nested too deeply");
        }
        return fromText(new String(decoded, StandardCharsets.UTF_8), layer + 1);
    }

    private JsonNode fromNode(JsonNode node, int layer) throws UnprocessableEventException {
        if (layer > MAX_LAYERS) {
            throw new UnprocessableEventException("pushed event data is nested too deeply");
        }
        if (node.isTextual()) {
            return fromText(node.textValue(), layer);
        }
        if (!node.isObject()) {
            throw new UnprocessableEventException("pushed event data is a JSON " + node.getNodeType());
        }
        if (node.hasNonNull("event") && node.has("data")) {
            return node;
        }
        JsonNode message = node.get("message");
        if (message != null && message.isObject()) {
            return fromNode(message, layer + 1);
        }
        for (String field : VALUE_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull()) {
                return fromNode(value, layer + 1);
            }
        }
        throw new UnprocessableEventException("pushed event data holds no file event (fields: "
                + String.join(",", (Iterable<String>) node::fieldNames) + ")");
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
