package dev.opendrive.api.files;

import dev.opendrive.storage.ContentDisposition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
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

    public Response send(Blob requested, HttpHeaders headers) {
        Blob blob = requested.size() >= 0 ? requested
                : new Blob(requested.key(), sizeOf(requested.key()), requested.etag(), requested.mimeType(),
                        requested.fileName(), requested.attachment(), requested.cacheControl());
        String etag = blob.etag();
        if (etag != null && matches(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, blob.cacheControl()).build();
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(headers.getHeaderString("Range"), blob.size());
        } catch (ByteRange.Unsatisfiable e) {
            return ErrorResponses.builder(416, ErrorCode.RANGE_NOT_SATISFIABLE, "Requested range not satisfiable")
                    .header("Content-Range", "bytes */" + blob.size()).header("Accept-Ranges", "bytes").build();
        }
        String ifRange = headers.getHeaderString("If-Range");
        if (range.isPresent() && ifRange != null && !ifRange.trim().equals(etag)) {
            range = Optional.empty();
        }
        long offset = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(blob.size());
        Object body;
        try {
            body = body(blob.key(), offset, length);
        } catch (BlobNotFoundException e) {
            LogEvent.of("blob.missing").with("key", blob.key()).error(LOG, null);
            throw ApiException.notFound(ErrorCode.FILE_CONTENT_MISSING, "File content not found");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read blob " + blob.key(), e);
        }
        boolean attachment = blob.attachment() || ContentTypeSniffer.isActiveContent(blob.mimeType());
        Response.ResponseBuilder response = Response.status(range.isPresent() ? 206 : 200)
                .entity(body)
                .type(blob.mimeType() == null ? "application/octet-stream" : blob.mimeType())
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, blob.cacheControl())
                .header("Content-Disposition", ContentDisposition.of(attachment, blob.fileName()));
        if (etag != null) {
            response.header(HttpHeaders.ETAG, etag);
        }
        range.ifPresent(r -> response.header("Content-Range",
                "bytes " + r.start() + "-" + r.end() + "/" + blob.size()));
        return response.build();
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
        return send(new Blob(file.storageKey, file.size, etagOf(file), file.mimeType, file.originalName, attachment,
                "private, no-cache"), headers);
    }

    /** A file's thumbnail: 404 until the worker made one; immutable for a given content hash. */
    public Response sendThumbnail(FileDocument file, HttpHeaders headers) {
        if (!file.hasThumbnail) {
            throw ApiException.notFound(ErrorCode.THUMBNAIL_NOT_FOUND, "Thumbnail not available");
        }
        String key = file.thumbnailPath != null ? file.thumbnailPath : StorageKeys.thumbnail(file.id);
        String etag = "\"t-" + (file.sha256 != null ? file.sha256 : file.id.toHexString()) + "\"";
        return send(new Blob(key, -1, etag, "image/jpeg", file.originalName + ".jpg", false,
                "private, max-age=31536000, immutable"), headers);
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
