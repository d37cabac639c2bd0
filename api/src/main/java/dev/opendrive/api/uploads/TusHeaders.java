package dev.opendrive.api.uploads;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Tus-Resumable on every answer of /api/uploads, errors included (tus 1.0: every response but
 * OPTIONS'), and Tus-Version with a 412 so a client learns what to speak.
 */
public class TusHeaders {

    @ServerResponseFilter
    public void tusHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/api/uploads") && !path.startsWith("/api/uploads/")) {
            return;
        }
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            response.getHeaders().putSingle(TusResource.TUS_RESUMABLE, TusResource.VERSION);
        }
        if (response.getStatus() == 412) {
            response.getHeaders().putSingle("Tus-Version", TusResource.VERSION);
        }
    }
}
