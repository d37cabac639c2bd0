package dev.opendrive.api.sharing;

import java.util.List;


import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.files.BlobResponses;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.folders.FolderService;
import dev.opendrive.api.json.Dates;
import dev.opendrive.api.zip.ZipDownloads;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Read-only access through a share link, without an account. Only what a visitor needs is shown:
 * never storage keys, owner ids or the share ids of children; trashed items are unreachable.
 */
@Path("/api/public")
@Produces(MediaType.APPLICATION_JSON)
public class PublicResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicFolder(@JsonProperty("_id") String id, String name, String createdAt, String parentId) {
        static PublicFolder of(FolderDocument f, boolean withParent) {
            return new PublicFolder(f.id.toHexString(), f.name, Dates.iso(f.createdAt),
                    withParent ? ObjectIds.str(f.parentId) : null);
        }
    }

    public record PublicFile(@JsonProperty("_id") String id, String name, String originalName, String mimeType,
            long size, String createdAt, boolean hasThumbnail) {
        static PublicFile of(FileDocument f) {
            return new PublicFile(f.id.toHexString(), f.originalName, f.originalName, f.mimeType, f.size,
                    Dates.iso(f.createdAt), f.hasThumbnail);
        }
    }

    public record Crumb(@JsonProperty("_id") String id, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedView(String type, PublicFolder folder, List<PublicFolder> subfolders, List<PublicFile> files,
            PublicFile file, List<Crumb> breadcrumb, String rootShareId, String rootFolderId) {
    }

    private final FileRepository files;
    private final FolderRepository folders;
    private final FolderService folderService;
    private final BlobResponses blobs;
    private final ZipDownloads zips;

    public PublicResource(FileRepository files, FolderRepository folders, FolderService folderService,
            BlobResponses blobs, ZipDownloads zips) {
        this.files = files;
        this.folders = folders;
        this.folderService = folderService;
        this.blobs = blobs;
        this.zips = zips;
    }

    @GET
    @Path("/{shareId}")
    public SharedView shared(@PathParam("shareId") String shareId) {
        var folder = folders.findByShareId(shareId);
        if (folder.isPresent()) {
            FolderDocument f = folder.get();
            return new SharedView("folder", PublicFolder.of(f, false), subfolders(f), files(f), null, null, shareId,
                    null);
        }
        FileDocument file = files.findByShareId(shareId).orElseThrow(PublicResource::notFound);
        return new SharedView("file", null, null, null, PublicFile.of(file), null, null, null);
    }

    @GET
    @Path("/{shareId}/folder/{folderId}")
    public SharedView sharedSubfolder(@PathParam("shareId") String shareId, @PathParam("folderId") String folderId) {
        FolderDocument root = folders.findByShareId(shareId).orElseThrow(PublicResource::notFound);
        FolderDocument folder = folderInShare(root, folderId);
        // the owner's breadcrumb, cut to start at the shared folder
        List<FolderService.Crumb> full = folderService.breadcrumb(folder);
        String rootId = root.id.toHexString();
        int start = Math.max(0, full.stream().map(FolderService.Crumb::id).toList().indexOf(rootId));
        List<Crumb> breadcrumb = full.subList(start, full.size()).stream().map(c -> new Crumb(c.id(), c.name())).toList();
        return new SharedView("folder", PublicFolder.of(folder, true), subfolders(folder), files(folder), null,
                breadcrumb, shareId, root.id.toHexString());
    }

    @GET
    @Path("/{shareId}/file/{fileId}/download")
    @Produces(MediaType.WILDCARD)
    public Response downloadFromFolder(@PathParam("shareId") String shareId, @PathParam("fileId") String fileId,
            @Context HttpHeaders headers) {
        return send(fileInShare(shareId, fileId), headers);
    }

    /** (added) A folder inside the shared folder (or the shared folder itself) as one streamed ZIP. */
    @GET
    @Path("/{shareId}/folder/{folderId}/download")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The folder tree as a ZIP (streamed, chunked)",
            content = @Content(mediaType = ZipDownloads.MEDIA_TYPE,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response downloadFolder(@PathParam("shareId") String shareId, @PathParam("folderId") String folderId,
            @Context HttpServerResponse http) {
        FolderDocument root = folders.findByShareId(shareId).orElseThrow(PublicResource::notFound);
        return zips.folder(folderInShare(root, folderId), http);
    }

    /** A live folder that is the shared folder or below it; 403 for a live folder elsewhere. */
    private FolderDocument folderInShare(FolderDocument root, String folderId) {
        FolderDocument folder = ObjectIds.parse(folderId).flatMap(folders::findByIdOptional)
                .filter(f -> !f.isTrashed()).orElseThrow(PublicResource::notFound);
        if (!isWithin(folder, root)) {
            throw ApiException.forbidden(ErrorCode.ACCESS_DENIED, "Access denied");
        }
        return folder;
    }

    /** A live file whose folder is the shared folder or below it; 403 for anything else that exists. */
    private FileDocument fileInShare(String shareId, String fileId) {
        FolderDocument root = folders.findByShareId(shareId).orElseThrow(PublicResource::notFound);
        FileDocument file = ObjectIds.parse(fileId).flatMap(files::findByIdOptional).filter(f -> !f.isTrashed())
                .orElseThrow(PublicResource::notFound);
        FolderDocument parent = file.folderId == null ? null
                : folders.findByIdOptional(file.folderId).filter(f -> !f.isTrashed()).orElse(null);
        if (parent == null || !isWithin(parent, root)) {
            throw ApiException.forbidden(ErrorCode.ACCESS_DENIED, "Access denied");
        }
        return file;
    }


    /** (added) The thumbnail of a file inside the shared folder. */
    @GET
    @Path("/{shareId}/file/{fileId}/thumbnail")
    @Produces(MediaType.WILDCARD)
    public Response thumbnailFromFolder(@PathParam("shareId") String shareId, @PathParam("fileId") String fileId,
            @Context HttpHeaders headers) {
        return blobs.sendThumbnail(fileInShare(shareId, fileId), headers);
    }

    /** (added) The thumbnail of a shared file. */
    @GET
    @Path("/{shareId}/thumbnail")
    @Produces(MediaType.WILDCARD)
    public Response thumbnail(@PathParam("shareId") String shareId, @Context HttpHeaders headers) {
        return blobs.sendThumbnail(files.findByShareId(shareId).orElseThrow(PublicResource::notFound), headers);
    }

    /** The shared file; (added) a shared folder as one streamed ZIP of its live tree. */
    @GET
    @Path("/{shareId}/download")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("shareId") String shareId, @Context HttpHeaders headers,
            @Context HttpServerResponse http) {
        var folder = folders.findByShareId(shareId);
        if (folder.isPresent()) {
            return zips.folder(folder.get(), http);
        }
        FileDocument file = files.findByShareId(shareId).orElseThrow(PublicResource::notFound);
        return send(file, headers);
    }

    private Response send(FileDocument file, HttpHeaders headers) {
        return blobs.sendFile(file, true, headers);
    }

    private static boolean isWithin(FolderDocument folder, FolderDocument root) {
        return folder.id.equals(root.id) || (folder.ancestorIds != null && folder.ancestorIds.contains(root.id)
                && folder.ownerId.equals(root.ownerId));
    }

    private List<PublicFolder> subfolders(FolderDocument folder) {
        return folders.listChildren(folder.ownerId, folder.id).stream().map(f -> PublicFolder.of(f, false)).toList();
    }

    private List<PublicFile> files(FolderDocument folder) {
        return files.listInFolder(folder.ownerId, folder.id).stream().map(PublicFile::of).toList();
    }

    private static ApiException notFound() {
        return ApiException.notFound(ErrorCode.SHARE_NOT_FOUND, "Shared content not found");
    }
}
