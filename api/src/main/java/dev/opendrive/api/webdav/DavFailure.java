package dev.opendrive.api.webdav;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.Response;

/**
 * A WebDAV answer that is not a success, with the headers or XML body the protocol asks for (a
 * challenge, a precondition element): mapped as is by {@link DavResource}'s own exception mapper,
 * where the JSON error mappers would drop them.
 */
final class DavFailure extends RuntimeException {

    final transient Response response;

    DavFailure(Response response) {
        super(null, null, false, false);
        this.response = response;
    }

    static DavFailure status(int status) {
        return new DavFailure(Response.status(status).build());
    }

    /** An answer with a DAV:error body naming the precondition that failed (RFC 4918 section 16). */
    static DavFailure precondition(int status, String element, String href) {
        String inner = href == null ? "<D:" + element + "/>"
                : "<D:" + element + "><D:href>" + escape(href) + "</D:href></D:" + element + ">";
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\">" + inner + "</D:error>\n";
        return new DavFailure(Response.status(status).type("application/xml; charset=utf-8")
                .entity(body.getBytes(StandardCharsets.UTF_8)).build());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
