package dev.opendrive.api.files;

import dev.opendrive.storage.ContentDisposition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.PathPart;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.errors.ErrorResponses;
import dev.opendrive.storage.BlobNotFoundException;
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.platform.logging.LogEvent;

/**
 * Streams a stored blob as an HTTP response with validators and ranges: ETag / If-None-Match (304),
 * Range (206, or 416 when nothing is selected), If-Range, and headers that keep a browser from
 * running what a user uploaded.
 */
@ApplicationScoped
public class BlobResponses {

    private static final Logger LOG = Logger.getLogger(BlobResponses.class);

    /** What to send: the blob plus how to describe it. */
    public record Blob(String key, long size, String etag, String mimeType, String fileName, boolean attachment,
            String cacheControl) {
    }

    private final StorageProvider storage;

    public BlobResponses(StorageProvider storage) {
        this.storage = storage;
    }

    /**
     * What a GET of a blob answers, decided from its description and the request's validators alone
     * (no I/O): the status, the part of the blob to send (none for 304) and the headers besides
     * Content-Length. Both ways a blob goes out, this class's JAX-RS response and
     * {@link KnownDownloads}' event-loop route, write exactly this.
     */
    public record Reply(int status, long offset, long length, Map<String, String> headers) {
        public boolean hasBody() {
            return status != 304;
        }
    }

    /** @throws ByteRange.Unsatisfiable for a range that selects nothing (416) */
    public static Reply decide(Blob blob, String ifNoneMatch, String rangeHeader, String ifRange) {
        String etag = blob.etag();
        Map<String, String> headers = new LinkedHashMap<>(8);
        if (etag != null && matches(ifNoneMatch, etag)) {
            headers.put(HttpHeaders.ETAG, etag);
            headers.put(HttpHeaders.CACHE_CONTROL, blob.cacheControl());
            return new Reply(304, 0, 0, headers);
        }
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, blob.size());
        if (range.isPresent() && ifRange != null && !ifRange.trim().equals(etag)) {
            range = Optional.empty();
        }
        boolean attachment = blob.attachment() || ContentTypeSniffer.isActiveContent(blob.mimeType());
        headers.put(HttpHeaders.CONTENT_TYPE, blob.mimeType() == null ? "application/octet-stream" : blob.mimeType());
        headers.put("Accept-Ranges", "bytes");
        headers.put(HttpHeaders.CACHE_CONTROL, blob.cacheControl());
        headers.put("Content-Disposition", ContentDisposition.of(attachment, blob.fileName()));
        if (etag != null) {
            headers.put(HttpHeaders.ETAG, etag);
        }
        if (range.isEmpty()) {
            return new Reply(200, 0, blob.size(), headers);
        }
        ByteRange r = range.get();
        headers.put("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + blob.size());
        return new Reply(206, r.start(), r.length(), headers);
    }

    public Response send(Blob requested, HttpHeaders headers) {
        Blob blob = sized(requested);
        Reply reply;
        try {
            reply = decide(blob, headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), headers.getHeaderString("Range"),
                    headers.getHeaderString("If-Range"));
        } catch (ByteRange.Unsatisfiable e) {
            return ErrorResponses.builder(416, ErrorCode.RANGE_NOT_SATISFIABLE, "Requested range not satisfiable")
                    .header("Content-Range", "bytes */" + blob.size()).header("Accept-Ranges", "bytes").build();
        }
        Response.ResponseBuilder response = Response.status(reply.status());
        reply.headers().forEach(response::header);
        if (!reply.hasBody()) {
            return response.build();
        }
        try {
            response.entity(body(blob.key(), reply.offset(), reply.length()));
        } catch (BlobNotFoundException e) {
            LogEvent.of("blob.missing").with("key", blob.key()).error(LOG, null);
            throw ApiException.notFound(ErrorCode.FILE_CONTENT_MISSING, "File content not found");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read blob " + blob.key(), e);
        }
        return response.header(HttpHeaders.CONTENT_LENGTH, reply.length()).build();
    }

    /**
     * A blob on local disk goes out with sendfile (Vert.x sends the file region: no copy through the
     * JVM heap, full or ranged); others stream through a bounded buffer.
     */
    private Object body(String key, long offset, long length) throws IOException {
        Optional<Path> file = storage.localFile(key);
        if (file.isPresent()) {
            return new PathPart(file.get(), offset, length);
        }
        InputStream in = storage.open(key, offset, length);
        return (StreamingOutput) out -> {
            try (InputStream source = in) {
                source.transferTo(out);
            }
        };
    }

    /** The blob with its size, asked of storage when the description has none. */
    public Blob sized(Blob blob) {
        return blob.size() >= 0 ? blob
                : new Blob(blob.key(), sizeOf(blob.key()), blob.etag(), blob.mimeType(), blob.fileName(),
                        blob.attachment(), blob.cacheControl());
    }

    private long sizeOf(String key) {
        try {
            return storage.size(key);
        } catch (BlobNotFoundException e) {
            throw ApiException.notFound(ErrorCode.FILE_CONTENT_MISSING, "File content not found");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot stat blob " + key, e);
        }
    }

    /** A file's content: inline for the owner, attachment for shares and links. */
    public Response sendFile(FileDocument file, boolean attachment, HttpHeaders headers) {
        return send(blobOf(file, attachment), headers);
    }

    public static Blob blobOf(FileDocument file, boolean attachment) {
        return new Blob(file.storageKey, file.size, etagOf(file), file.mimeType, file.originalName, attachment,
                "private, no-cache");
    }

    /** A file's thumbnail: 404 until the worker made one; immutable for a given content hash. */
    public Response sendThumbnail(FileDocument file, HttpHeaders headers) {
        return send(thumbnailOf(file), headers);
    }

    /** Its size unknown (-1): the worker wrote the blob, the document does not say how big. */
    public static Blob thumbnailOf(FileDocument file) {
        if (!file.hasThumbnail) {
            throw ApiException.notFound(ErrorCode.THUMBNAIL_NOT_FOUND, "Thumbnail not available");
        }
        String key = file.thumbnailPath != null ? file.thumbnailPath : StorageKeys.thumbnail(file.id);
        String etag = "\"t-" + (file.sha256 != null ? file.sha256 : file.id.toHexString()) + "\"";
        return new Blob(key, -1, etag, "image/jpeg", file.originalName + ".jpg", false,
                "private, max-age=31536000, immutable");
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag) || ("W/" + c).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Strong ETag from the content hash; documents of the old service without one get a weak tag. */
    public static String etagOf(FileDocument file) {
        if (file.sha256 != null) {
            return "\"" + file.sha256 + "\"";
        }
        long stamp = file.updatedAt != null ? file.updatedAt.toEpochMilli()
                : file.createdAt != null ? file.createdAt.toEpochMilli() : 0;
        return "W/\"" + Long.toHexString(file.size) + "-" + Long.toHexString(stamp) + "\"";
    }
}
