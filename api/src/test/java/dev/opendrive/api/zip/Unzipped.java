package dev.opendrive.api.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A downloaded archive read back as a user's unzip would: entry path to its content. */
record Unzipped(Map<String, byte[]> entries, Map<String, Integer> methods, Map<String, Long> compressedSizes) {

    static final byte[] DIRECTORY = new byte[0];

    static Unzipped of(byte[] zip) {
        return of(new ByteArrayInputStream(zip));
    }

    static Unzipped of(InputStream zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        Map<String, Long> compressed = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (entries.containsKey(e.getName())) {
                    throw new AssertionError("duplicate entry " + e.getName());
                }
                entries.put(e.getName(), e.isDirectory() ? DIRECTORY : in.readAllBytes());
                methods.put(e.getName(), e.getMethod());
                in.closeEntry();
                compressed.put(e.getName(), e.getCompressedSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Unzipped(entries, methods, compressed);
    }

    Map<String, String> sha256s() {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> out.put(name, name.endsWith("/") ? "dir" : sha256(bytes)));
        return out;
    }

    String text(String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new AssertionError("no entry " + name + " in " + entries.keySet());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
