package dev.opendrive.api.sharing;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.files.BlobResponses;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Serves signed download links of locally stored files (no token; the signature is the proof). */
@Path("/api/links")
public class LinkResource {

    private final DownloadLinks links;
    private final FileRepository files;
    private final BlobResponses blobs;

    public LinkResource(DownloadLinks links, FileRepository files, BlobResponses blobs) {
        this.links = links;
        this.files = files;
        this.blobs = blobs;
    }

    @GET
    @Path("/{fileId}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("fileId") String fileId, @QueryParam("expires") Long expires,
            @QueryParam("signature") String signature, @Context HttpHeaders headers) {
        if (expires == null || signature == null) {
            throw ApiException.forbidden(ErrorCode.INVALID_LINK, "Invalid download link");
        }
        links.verify(fileId, expires, signature);
        FileDocument file = ObjectIds.parse(fileId).flatMap(files::findByIdOptional).filter(f -> !f.isTrashed())
                .orElseThrow(() -> ApiException.notFound(ErrorCode.FILE_NOT_FOUND, "File not found"));
        return blobs.sendFile(file, true, headers);
    }
}
