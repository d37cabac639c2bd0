package dev.opendrive.storage;

import java.nio.charset.StandardCharsets;

/** RFC 6266 Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 form for any name. */
public final class ContentDisposition {

    private ContentDisposition() {
    }

    public static String of(boolean attachment, String fileName) {
        String name = fileName == null || fileName.isBlank() ? "download" : fileName;
        StringBuilder ascii = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';' ? c : '_');
        }
        return (attachment ? "attachment" : "inline") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + encode(name);
    }

    /** attr-char of RFC 5987; everything else percent-encoded from UTF-8. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
