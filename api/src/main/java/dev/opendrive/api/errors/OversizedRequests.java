package dev.opendrive.api.errors;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A request that announces a body over MAX_BODY_SIZE gets the JSON 413 of the API before anything
 * reads it. Left to the REST layer, its body reader answers a bare 413 (no content type, no body)
 * and then fails the request a second time, which is logged as an unhandled error.
 */
@Singleton
public class OversizedRequests {

    static final String BODY = "{\"error\":\"Request body too large\",\"code\":\"" + ErrorCode.PAYLOAD_TOO_LARGE + "\"}";

    private final long limit;

    public OversizedRequests(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            String announced = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (announced != null && tooLarge(announced)) {
                // the body is not read: the connection cannot be reused
                rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close").end(BODY);
                return;
            }
            rc.next();
        });
    }

    private boolean tooLarge(String announced) {
        try {
            return Long.parseLong(announced.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
