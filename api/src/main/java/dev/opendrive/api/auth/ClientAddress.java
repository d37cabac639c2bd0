package dev.opendrive.api.auth;

import io.vertx.core.http.HttpServerRequest;

/**
 * The caller's address for rate limiting. X-Forwarded-For is honoured only when Quarkus is told to
 * trust the proxy (quarkus.http.proxy.*, set by TRUST_PROXY), so a client cannot spoof its way out.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        if (request == null || request.remoteAddress() == null) {
            return "unknown";
        }
        String host = request.remoteAddress().hostAddress();
        return host == null ? "unknown" : host;
    }
}
