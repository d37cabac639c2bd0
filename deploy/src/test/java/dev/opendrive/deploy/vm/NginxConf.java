package dev.opendrive.deploy.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An nginx configuration file as a tree of directives, enough to ask what a block sets: words,
 * quoted strings, comments, {@code ;} and blocks. nginx itself judges validity ({@code nginx -t});
 * this is for asserting the values the docs promise.
 */
record NginxConf(String name, List<String> args, List<NginxConf> children) {

    static NginxConf parse(String text) {
        List<String> tokens = tokenize(text);
        NginxConf root = new NginxConf("", List.of(), new ArrayList<>());
        // the top level ends at the end of the text (size + 1), not at a '}'
        int end = block(tokens, 0, root);
        if (end != tokens.size() + 1) {
            throw new IllegalArgumentException("unbalanced '}' at token " + end);
        }
        return root;
    }

    /** Directives named so, directly in this block. */
    Stream<NginxConf> all(String directive) {
        return children.stream().filter(c -> c.name.equals(directive));
    }

    Optional<NginxConf> first(String directive) {
        return all(directive).findFirst();
    }

    /** The arguments of the only such directive directly in this block, joined by spaces. */
    String value(String directive) {
        List<NginxConf> found = all(directive).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " '" + directive + "' directives in " + this.name + " " + this.args);
        }
        return String.join(" ", found.get(0).args);
    }

    /** The block {@code location <args...>} directly in this one. */
    NginxConf location(String... args) {
        return all("location").filter(l -> l.args.equals(List.of(args))).findFirst()
                .orElseThrow(() -> new AssertionError("no location " + String.join(" ", args)));
    }

    /** Every directive of that name anywhere below this block. */
    Stream<NginxConf> everywhere(String directive) {
        return children.stream().flatMap(c -> Stream.concat(c.name.equals(directive) ? Stream.of(c) : Stream.empty(),
                c.everywhere(directive)));
    }

    private static int block(List<String> tokens, int i, NginxConf into) {
        List<String> words = new ArrayList<>();
        while (i < tokens.size()) {
            String t = tokens.get(i++);
            switch (t) {
                case ";" -> {
                    into.children.add(new NginxConf(words.get(0), List.copyOf(words.subList(1, words.size())), List.of()));
                    words.clear();
                }
                case "{" -> {
                    NginxConf child = new NginxConf(words.get(0), List.copyOf(words.subList(1, words.size())), new ArrayList<>());
                    words.clear();
                    i = block(tokens, i, child);
                    if (i > tokens.size() || !tokens.get(i - 1).equals("}")) {
                        throw new IllegalArgumentException("block " + child.name + " not closed");
                    }
                    into.children.add(child);
                }
                case "}" -> {
                    return i;
                }
                default -> words.add(t);
            }
        }
        if (!words.isEmpty()) {
            throw new IllegalArgumentException("directive without ';': " + words);
        }
        return i + 1;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#' && word.isEmpty()) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if ((c == '\'' || c == '"') && word.isEmpty()) {
                int close = text.indexOf(c, i + 1);
                tokens.add(text.substring(i + 1, close));
                i = close;
            } else if (Character.isWhitespace(c) || c == ';' || c == '{' || c == '}') {
                if (!word.isEmpty()) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            tokens.add(word.toString());
        }
        return tokens;
    }
}
