package dev.opendrive.api.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides a file's type from its bytes (magic numbers), using the name only to tell apart formats
 * the bytes cannot (plain text vs CSV vs source code). What the browser claimed is never trusted.
 */
@ApplicationScoped
public class ContentTypeSniffer {

    /** Types a browser would execute or render as a document with scripts: never served inline. */
    private static final Set<String> ACTIVE_TYPES = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "application/javascript", "text/javascript", "application/ecmascript", "text/ecmascript",
            "application/xml", "text/xml", "application/x-sh", "text/x-sh", "application/wasm");

    /**
     * Tika's type registry (~100 ms to load): made with the bean, which the container creates on its
     * first use (the first upload), not at start-up.
     */
    private final Detector detector = MimeTypes.getDefaultMimeTypes();

    public String sniff(Path file, String fileName) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return sniff(in, fileName);
        }
    }

    public String sniff(InputStream markable, String fileName) throws IOException {
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        MediaType type = detector.detect(markable, metadata);
        return type.getBaseType().toString();
    }

    public static boolean isActiveContent(String mimeType) {
        if (mimeType == null) {
            return false;
        }
        String base = mimeType.toLowerCase(Locale.ROOT);
        int semicolon = base.indexOf(';');
        if (semicolon >= 0) {
            base = base.substring(0, semicolon).trim();
        }
        return ACTIVE_TYPES.contains(base) || base.endsWith("+xml") && !base.startsWith("application/vnd.");
    }
}
