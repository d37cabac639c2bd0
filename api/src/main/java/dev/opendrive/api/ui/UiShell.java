package dev.opendrive.api.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The web UI's single page (META-INF/resources/app/index.html). It is served by code rather than
 * as /index.html so that GET / keeps answering the health JSON to API clients, and so that the
 * share links (/public/{shareId}) open the UI.
 */
@ApplicationScoped
public class UiShell {

    static final String PAGE = "META-INF/resources/app/index.html";

    private volatile byte[] page;

    /** A browser navigating (Accept names text/html); API clients send application/json, * / * or nothing. */
    public static boolean wantsHtml(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    public Response page() {
        return Response.ok(bytes(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build();
    }

    private byte[] bytes() {
        byte[] cached = page;
        if (cached == null || LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try (InputStream in = loader.getResourceAsStream(PAGE)) {
                if (in == null) {
                    throw new IllegalStateException("The web UI is missing from the build: " + PAGE);
                }
                cached = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            page = cached;
        }
        return cached;
    }
}
