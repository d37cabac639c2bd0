package dev.opendrive.api.security;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Strict-Transport-Security on every response to a request that arrived over HTTPS: directly (TLS
 * on this server) or, with TRUST_PROXY=true, as the proxy's X-Forwarded-Proto says (Cloud Run
 * terminates TLS). Quarkus' forwarded-header support already rewrites the request's scheme only for
 * a trusted proxy, so asking the request is enough. Never on plain http: browsers ignore it there,
 * and it would suggest a protection that is not in place.
 *
 * A Vert.x route at the very front of the router rather than a JAX-RS filter: static UI files, CORS
 * preflights and errors raised outside JAX-RS go through it too. The header is set when the response
 * head is written, so nothing later in the chain can drop it.
 */
@Singleton
public class StrictTransportSecurity {

    static final String HEADER = "Strict-Transport-Security";

    void install(@Observes Router router, HstsConfig config) {
        if (config.maxAge() <= 0) {
            return;
        }
        String value = "max-age=" + config.maxAge() + "; includeSubDomains";
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            if (rc.request().isSSL()) {
                rc.addHeadersEndHandler(v -> rc.response().headers().set(HEADER, value));
            }
            rc.next();
        });
    }
}
