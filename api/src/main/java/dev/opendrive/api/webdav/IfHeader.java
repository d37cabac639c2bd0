package dev.opendrive.api.webdav;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The If request header of RFC 4918 (section 10.4): lists of conditions (state tokens and entity
 * tags, each maybe negated), optionally tagged with the resource they are about.
 */
record IfHeader(List<TaggedList> lists) {

    record Condition(boolean not, String stateToken, String etag) {
    }

    /** One parenthesised list; {@code resource} null for an untagged list (the request URI). */
    record TaggedList(String resource, List<Condition> conditions) {
    }

    /** Thrown for a header that does not follow the grammar: answered 400. */
    static final class Malformed extends Exception {
        Malformed() {
            super("Malformed If header", null, false, false);
        }
    }

    static Optional<IfHeader> parse(String header) throws Malformed {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        List<TaggedList> lists = new ArrayList<>();
        String resource = null;
        int i = 0;
        int n = header.length();
        while (true) {
            i = skipSpaces(header, i);
            if (i >= n) {
                break;
            }
            char c = header.charAt(i);
            if (c == '<') {
                int end = header.indexOf('>', i);
                if (end < 0) {
                    throw new Malformed();
                }
                resource = header.substring(i + 1, end);
                i = end + 1;
            } else if (c == '(') {
                List<Condition> conditions = new ArrayList<>();
                i++;
                while (true) {
                    i = skipSpaces(header, i);
                    if (i >= n) {
                        throw new Malformed();
                    }
                    if (header.charAt(i) == ')') {
                        i++;
                        break;
                    }
                    boolean not = false;
                    if (header.regionMatches(true, i, "Not", 0, 3)) {
                        not = true;
                        i = skipSpaces(header, i + 3);
                        if (i >= n) {
                            throw new Malformed();
                        }
                    }
                    char d = header.charAt(i);
                    if (d == '<') {
                        int end = header.indexOf('>', i);
                        if (end < 0) {
                            throw new Malformed();
                        }
                        conditions.add(new Condition(not, header.substring(i + 1, end), null));
                        i = end + 1;
                    } else if (d == '[') {
                        int end = header.indexOf(']', i);
                        if (end < 0) {
                            throw new Malformed();
                        }
                        conditions.add(new Condition(not, null, header.substring(i + 1, end).trim()));
                        i = end + 1;
                    } else {
                        throw new Malformed();
                    }
                }
                if (conditions.isEmpty()) {
                    throw new Malformed();
                }
                lists.add(new TaggedList(resource, List.copyOf(conditions)));
            } else {
                throw new Malformed();
            }
        }
        if (lists.isEmpty()) {
            throw new Malformed();
        }
        return Optional.of(new IfHeader(List.copyOf(lists)));
    }

    /** Every state token the header names: the lock tokens the client submits. */
    List<String> tokens() {
        List<String> out = new ArrayList<>();
        for (TaggedList l : lists) {
            for (Condition c : l.conditions()) {
                if (c.stateToken() != null) {
                    out.add(c.stateToken());
                }
            }
        }
        return out;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
