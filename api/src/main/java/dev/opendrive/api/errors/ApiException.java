package dev.opendrive.api.errors;

import java.util.Map;

/**
 * A failure the client caused or must know about. Resources and services throw it; one exception
 * mapper turns it into the JSON error body, so the status, code and message are decided where the
 * rule lives and rendered in one place.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final ErrorCode code;
    private final transient Map<String, Object> extra;

    public ApiException(int status, ErrorCode code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, ErrorCode code, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = extra;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    /** Additional fields for the error body (e.g. per-file upload errors). */
    public Map<String, Object> extra() {
        return extra;
    }

    public static ApiException badRequest(ErrorCode code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException unauthorized(ErrorCode code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException forbidden(ErrorCode code, String message) {
        return new ApiException(403, code, message);
    }

    public static ApiException notFound(ErrorCode code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(ErrorCode code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException tooLarge(ErrorCode code, String message) {
        return new ApiException(413, code, message);
    }

    public static ApiException unsupportedType(ErrorCode code, String message) {
        return new ApiException(415, code, message);
    }

    /** 507 Insufficient Storage (RFC 4918): the user's quota has no room for it. */
    public static ApiException insufficientStorage(ErrorCode code, String message) {
        return new ApiException(507, code, message);
    }

    public static ApiException unavailable(ErrorCode code, String message) {
        return new ApiException(503, code, message);
    }
}
