package dev.opendrive.api.webdav;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A path below /dav/ as decoded segments (the names of folders and of the file), and the way back
 * to an href. Segments are percent-decoded as UTF-8 one by one, so an encoded "/" (%2F) stays part
 * of a name (and is then refused as a name); hrefs percent-encode everything but the unreserved
 * characters and the sub-delimiters RFC 3986 allows in a segment.
 */
record DavPath(List<String> segments) {

    static final String PREFIX = "/dav";

    static final DavPath ROOT = new DavPath(List.of());

    boolean isRoot() {
        return segments.isEmpty();
    }

    String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    DavPath parent() {
        return segments.isEmpty() ? this : new DavPath(segments.subList(0, segments.size() - 1));
    }

    DavPath child(String name) {
        List<String> s = new ArrayList<>(segments);
        s.add(name);
        return new DavPath(List.copyOf(s));
    }

    /** Case-insensitive, like names in a folder: the key locks are kept under. */
    String key() {
        return String.join("/", segments.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether this path is {@code other} or below it. */
    boolean within(DavPath other) {
        if (other.segments.size() > segments.size()) {
            return false;
        }
        for (int i = 0; i < other.segments.size(); i++) {
            if (!segments.get(i).equalsIgnoreCase(other.segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    String href(boolean collection) {
        StringBuilder b = new StringBuilder(PREFIX).append('/');
        for (int i = 0; i < segments.size(); i++) {
            b.append(encode(segments.get(i)));
            if (i < segments.size() - 1 || collection) {
                b.append('/');
            }
        }
        return b.toString();
    }

    /** The path of a raw (still encoded) request path starting with /dav; empty when it is not one. */
    static Optional<DavPath> ofRawPath(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        if (!raw.equals(PREFIX) && !raw.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String s : raw.substring(PREFIX.length()).split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            Optional<String> decoded = decode(s);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            String d = decoded.get();
            if (d.equals(".")) {
                continue;
            }
            if (d.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.remove(segments.size() - 1);
                continue;
            }
            segments.add(d);
        }
        return Optional.of(new DavPath(List.copyOf(segments)));
    }

    /** A Destination header: an absolute URI or an absolute path; empty when it is not below /dav. */
    static Optional<DavPath> ofDestination(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(header.trim());
            return ofRawPath(uri.getRawPath());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    static Optional<String> decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
                    utf8 = segment.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static String encode(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte raw : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
