package dev.opendrive.api.errors;

import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import dev.opendrive.api.auth.RateLimitedException;
import dev.opendrive.api.json.RequiredBody;
import dev.opendrive.platform.logging.LogEvent;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Every failure leaves the API as the JSON error body with the right status. Stack traces go to
 * the log with an id that the client's 500 body repeats, never to the client.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        if (e instanceof RateLimitedException limited) {
            var d = limited.decision();
            return ErrorResponses.builder(429, e.code(), e.getMessage())
                    .header("Retry-After", d.resetSeconds())
                    .header("RateLimit-Limit", d.limit())
                    .header("RateLimit-Remaining", 0)
                    .header("RateLimit-Reset", d.resetSeconds())
                    .build();
        }
        return ErrorResponses.of(e);
    }

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e) {
        return ErrorResponses.builder(401, ErrorCode.NO_TOKEN, "Access denied. No token provided.")
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return ErrorResponses.builder(401, ErrorCode.INVALID_TOKEN, "Invalid token.")
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ErrorResponses.of(403, ErrorCode.FORBIDDEN, "Access denied");
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return ErrorResponses.of(400, ErrorCode.INVALID_JSON, "The request body is not valid JSON");
    }

    /**
     * JSON that parses but does not fit the request record: a field of the wrong type (request records
     * have string fields only), or a body that is not an object. No body at all never gets here: the
     * reader passes null, which {@link RequiredBody} refuses.
     */
    @ServerExceptionMapper
    public Response mistypedJson(MismatchedInputException e) {
        String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(Objects::nonNull).findFirst().orElse(null);
        if (field != null) {
            return ErrorResponses.of(400, ErrorCode.INVALID_FIELD, "Field '" + field + "' must be a string");
        }
        return ErrorResponses.of(400, ErrorCode.INVALID_BODY, "The request body must be a JSON object");
    }

    /**
     * A request record or parameter breaks its constraints: 400 with the first constraint's message
     * ({@link RequiredBody}: INVALID_BODY, any other: VALIDATION_ERROR). A violation that is not about
     * the request (a return value, a bean called from inside) is our bug: 500.
     */
    @ServerExceptionMapper
    public Response invalidRequest(ConstraintViolationException e) {
        if (!(e instanceof ResteasyReactiveViolationException)
                || !e.getConstraintViolations().stream().allMatch(ErrorMappers::aboutTheRequest)) {
            return internal(e);
        }
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString())
                        .thenComparing(ConstraintViolation::getMessage))
                .orElseThrow(() -> e);
        ErrorCode code = first.getConstraintDescriptor().getAnnotation() instanceof RequiredBody
                ? ErrorCode.INVALID_BODY
                : ErrorCode.VALIDATION_ERROR;
        return ErrorResponses.of(400, code, first.getMessage());
    }

    /** The path of a violation of a resource method's parameter: the method, then the parameter. */
    private static boolean aboutTheRequest(ConstraintViolation<?> violation) {
        var nodes = violation.getPropertyPath().iterator();
        if (!nodes.hasNext() || nodes.next().getKind() != ElementKind.METHOD || !nodes.hasNext()) {
            return false;
        }
        Path.Node second = nodes.next();
        return second.getKind() == ElementKind.PARAMETER;
    }

    @ServerExceptionMapper({ MongoTimeoutException.class, MongoSocketException.class })
    public Response databaseDown(RuntimeException e) {
        LogEvent.of("database.unavailable").with("error", e.getMessage()).warn(LOG);
        return ErrorResponses.of(503, ErrorCode.DATABASE_UNAVAILABLE, "Database connection unavailable");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mistypedJson(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        return switch (status) {
            case 400 -> ErrorResponses.of(400, ErrorCode.BAD_REQUEST, "Bad request");
            case 401 -> noToken(new UnauthorizedException());
            case 403 -> ErrorResponses.of(403, ErrorCode.FORBIDDEN, "Access denied");
            case 404 -> ErrorResponses.of(404, ErrorCode.NOT_FOUND, "Route not found");
            case 405 -> ErrorResponses.of(405, ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed");
            case 406 -> ErrorResponses.of(406, ErrorCode.NOT_ACCEPTABLE, "Not acceptable");
            case 413 -> ErrorResponses.of(413, ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large");
            case 415 -> ErrorResponses.of(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
            default -> ErrorResponses.ofStatus(status, "Request failed");
        };
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response internal(Throwable e) {
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
            return databaseDown((RuntimeException) e);
        }
        String id = UUID.randomUUID().toString();
        LogEvent.of("request.failed").with("reference", id).error(LOG, e);
        return ErrorResponses.of(500, ErrorCode.INTERNAL_ERROR, "Internal server error (reference " + id + ")");
    }
}
