package dev.opendrive.api.json;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;

/**
 * Reads fields of a JSON request body strictly: a field that is present must have the expected
 * type, so {"email": {"$gt": ""}} or {"name": 42} is a 400, never coerced or passed to a query.
 */
public final class JsonInput {

    private JsonInput() {
    }

    public static JsonNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest(ErrorCode.INVALID_BODY, "A JSON object body is required");
        }
        if (!body.isObject()) {
            throw ApiException.badRequest(ErrorCode.INVALID_BODY, "The request body must be a JSON object");
        }
        return body;
    }

    /** The text of a string field; empty when absent or null. */
    public static Optional<String> string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(ErrorCode.INVALID_FIELD, "Field '" + field + "' must be a string");
        }
        return Optional.of(value.textValue());
    }

    public static boolean has(JsonNode body, String field) {
        return body.has(field);
    }
}
