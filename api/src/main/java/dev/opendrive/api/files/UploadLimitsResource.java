package dev.opendrive.api.files;

import java.util.List;

import dev.opendrive.api.uploads.TusConfig;
import dev.opendrive.model.config.OpenDriveConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What a client needs to know before it uploads, so that a file over the limit is refused on the
 * client instead of after its bytes have crossed the network. Public: the limits are no secret and
 * the login page's client may read them too.
 */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
public class UploadLimitsResource {

    public record UploadLimits(long maxFileSize, int maxFilesPerUpload, List<String> allowedTypes,
            ResumableUploads resumableUploads) {
    }

    /** (added) Resumable (tus) uploads at {@code endpoint}: files over {@code threshold} bytes, sent in chunks of {@code chunkSize}. */
    public record ResumableUploads(String endpoint, long threshold, long chunkSize) {
    }

    private final UploadLimits limits;

    public UploadLimitsResource(OpenDriveConfig config, FilesConfig files, TusConfig tus) {
        this.limits = new UploadLimits(config.storage().maxFileSize(), files.maxFilesPerUpload(),
                files.allowedTypes().stream().map(String::trim).toList(),
                new ResumableUploads("/api/uploads/", tus.clientThreshold(), tus.clientChunkSize()));
    }

    @GET
    public Response limits() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(limits).cacheControl(cache).build();
    }
}
