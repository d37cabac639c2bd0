package dev.opendrive.api.uploads;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;

/**
 * Upload-Metadata (tus 1.0 creation): comma-separated pairs of a key and its value in Base64,
 * separated by a space; a key alone has no value. Keys are unique and carry no spaces or commas.
 */
final class TusMetadata {

    /** A file name and a folder id fit many times over; a header this size is not a real client's. */
    static final int MAX_LENGTH = 8 * 1024;

    private TusMetadata() {
    }

    static Map<String, String> parse(String header) {
        Map<String, String> values = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return values;
        }
        if (header.length() > MAX_LENGTH) {
            throw invalid("Upload-Metadata is longer than " + MAX_LENGTH + " characters");
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.trim().split(" ", -1);
            String key = parts[0];
            if (key.isEmpty() || parts.length > 2) {
                throw invalid("Upload-Metadata must be comma-separated 'key base64value' pairs");
            }
            String value = "";
            if (parts.length == 2) {
                try {
                    value = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw invalid("Upload-Metadata value of '" + key + "' is not Base64");
                }
            }
            if (values.put(key, value) != null) {
                throw invalid("Upload-Metadata names '" + key + "' twice");
            }
        }
        return values;
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(ErrorCode.INVALID_UPLOAD_HEADER, message);
    }
}
