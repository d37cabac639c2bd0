package dev.opendrive.api.zip;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.bson.types.ObjectId;

import dev.opendrive.api.access.Ownership;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.storage.ContentDisposition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import io.vertx.core.http.HttpServerResponse;

/**
 * Folder and multi-select downloads as one streamed ZIP. Everything that can refuse the request
 * (access, limits) runs before the response starts, so a refusal is still a JSON error.
 */
@ApplicationScoped
public class ZipDownloads {

    public static final String MEDIA_TYPE = "application/zip";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Body of a multi-select download: ids of the caller's live files and folders. */
    public record Selection(List<String> fileIds, List<String> folderIds) {
    }

    private final ZipPlanner planner;
    private final ZipWriter writer;
    private final Ownership ownership;
    private final ZipConfig config;

    public ZipDownloads(ZipPlanner planner, ZipWriter writer, Ownership ownership, ZipConfig config) {
        this.planner = planner;
        this.writer = writer;
        this.ownership = ownership;
        this.config = config;
    }

    /**
     * A live folder the caller may read (the owner's, or one reached through a share). The HTTP
     * response is asked whether the client is still there: writes to a closed connection are
     * dropped silently, and without asking the server would read every remaining blob for nobody.
     */
    public Response folder(FolderDocument folder, HttpServerResponse http) {
        return send(planner.folder(folder), http);
    }

    /** Several items of the caller; any id that is not one of their live items is a 404. */
    public Response selection(Selection selection, ObjectId owner, HttpServerResponse http) {
        List<String> fileIds = selection == null || selection.fileIds() == null ? List.of() : selection.fileIds();
        List<String> folderIds = selection == null || selection.folderIds() == null ? List.of() : selection.folderIds();
        if (fileIds.isEmpty() && folderIds.isEmpty()) {
            throw ApiException.badRequest(ErrorCode.VALIDATION_ERROR, "Select at least one file or folder");
        }
        if (fileIds.size() + folderIds.size() > config.maxSelection()) {
            throw ApiException.badRequest(ErrorCode.VALIDATION_ERROR,
                    "At most " + config.maxSelection() + " items can be downloaded at once");
        }
        List<FolderDocument> folders = new ArrayList<>();
        folderIds.forEach(id -> folders.add(ownership.activeFolder(id, owner)));
        List<FileDocument> files = new ArrayList<>();
        fileIds.forEach(id -> files.add(ownership.activeFile(id, owner)));
        String name = "drive-download-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".zip";
        return send(planner.selection(name, owner, folders, files), http);
    }

    private Response send(ZipPlan plan, HttpServerResponse http) {
        StreamingOutput body = out -> writer.write(plan, out, () -> !http.closed());
        return Response.ok(body, MEDIA_TYPE)
                .header("Content-Disposition", ContentDisposition.of(true, plan.fileName()))
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .build();
    }
}
