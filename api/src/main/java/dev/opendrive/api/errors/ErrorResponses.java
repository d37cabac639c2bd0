package dev.opendrive.api.errors;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds the JSON error response; the only place that knows the error body's shape. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response.ResponseBuilder builder(int status, ErrorCode code, String message) {
        return builder(status, code.name(), message);
    }

    public static Response of(int status, ErrorCode code, String message) {
        return builder(status, code, message).build();
    }

    /** A failure of the HTTP layer with a status that has no code of its own: code HTTP_<status>. */
    static Response ofStatus(int status, String message) {
        return builder(status, "HTTP_" + status, message).build();
    }

    private static Response.ResponseBuilder builder(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message, code));
    }

    public static Response of(ApiException e) {
        if (e.extra().isEmpty()) {
            return of(e.status(), e.code(), e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("code", e.code().name());
        body.putAll(e.extra());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
