package dev.opendrive.api.uploads;

import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.opendrive.api.auth.CurrentUser;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.config.OpenDriveConfig;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * (added) Resumable uploads, the tus 1.0 protocol (https://tus.io/protocols/resumable-upload) with
 * the creation, termination, expiration and checksum extensions, so that a file survives a bad
 * connection and no request has to carry a whole file (Cloud Run caps a request at 32 MiB; clients
 * send chunks). Authenticated like every route (Authorization: Bearer). The rules live in
 * {@link ResumableUploads}; this class speaks the headers.
 */
@Path("/api/uploads")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TusResource {

    public static final String VERSION = "1.0.0";
    public static final String EXTENSIONS = "creation,termination,expiration,checksum";
    public static final String TUS_RESUMABLE = "Tus-Resumable";
    /** (ours, not tus) The file a completed upload became, on the last PATCH's answer and on HEAD. */
    public static final String FILE_ID = "OpenDrive-File-Id";
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final ResumableUploads uploads;
    private final CurrentUser user;
    private final long maxFileSize;

    public TusResource(ResumableUploads uploads, CurrentUser user, OpenDriveConfig config) {
        this.uploads = uploads;
        this.user = user;
        this.maxFileSize = config.storage().maxFileSize();
    }

    /** Discovery: what this server speaks. No token needed (nor sent by tus clients' preflights). */
    @OPTIONS
    @PermitAll
    @Operation(hidden = true)
    public Response options() {
        return Response.noContent().header("Tus-Version", VERSION).header("Tus-Extension", EXTENSIONS)
                .header("Tus-Max-Size", maxFileSize)
                .header("Tus-Checksum-Algorithm", String.join(",", ResumableUploads.CHECKSUMS.keySet().stream().sorted()
                        .toList()))
                .build();
    }

    @OPTIONS
    @Path("/{id}")
    @PermitAll
    @Operation(hidden = true)
    public Response optionsOfUpload() {
        return options();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a resumable upload (tus creation)", description = "Upload-Metadata carries "
            + "'filename' (required), 'folderId' (absent or 'root': the root) and 'filetype' (ignored: the type "
            + "is sniffed from the content), each Base64. Refused at once (413, 507, 404, 400) by the rules the "
            + "finished file is held to.")
    @APIResponse(responseCode = "201", description = "Created; PATCH the bytes to Location",
            headers = { @Header(name = "Location", description = "/api/uploads/<id>"),
                    @Header(name = "Upload-Expires", description = "RFC 7231 date after which an unfinished upload is removed"),
                    @Header(name = TUS_RESUMABLE) })
    @APIResponse(responseCode = "413", description = "Upload-Length over MAX_FILE_SIZE (FILE_TOO_LARGE)")
    @APIResponse(responseCode = "507", description = "Does not fit in what is left of the quota (QUOTA_EXCEEDED)")
    @APIResponse(responseCode = "412", description = "Tus-Resumable missing or not 1.0.0 (TUS_VERSION_UNSUPPORTED)")
    public Response create(@Parameter(in = ParameterIn.HEADER, required = true) @HeaderParam(TUS_RESUMABLE) String version,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "The file's size in bytes")
            @HeaderParam("Upload-Length") String length,
            @Parameter(in = ParameterIn.HEADER) @HeaderParam("Upload-Metadata") String metadata) {
        requireVersion(version);
        ResumableUpload upload = uploads.create(number(length, "Upload-Length"), metadata, user.id());
        Response.ResponseBuilder answer = Response.status(201).header(HttpHeaders.LOCATION, "/api/uploads/" + upload.id.toHexString())
                .header("Upload-Offset", upload.offset);
        return expires(answer, upload).build();
    }

    @HEAD
    @Path("/{id}")
    @Operation(summary = "Offset of a resumable upload (tus core)")
    @APIResponse(responseCode = "200", description = "Upload-Offset: the bytes stored so far (Upload-Length once complete)",
            headers = { @Header(name = "Upload-Offset"), @Header(name = "Upload-Length"), @Header(name = "Upload-Metadata"),
                    @Header(name = "Upload-Expires") })
    @APIResponse(responseCode = "404", description = "No such upload of the caller (UPLOAD_NOT_FOUND)")
    @APIResponse(responseCode = "410", description = "Expired; its bytes are removed (UPLOAD_EXPIRED)")
    public Response head(@PathParam("id") String id,
            @Parameter(in = ParameterIn.HEADER, required = true) @HeaderParam(TUS_RESUMABLE) String version) {
        requireVersion(version);
        ResumableUpload upload = uploads.status(id, user.id());
        Response.ResponseBuilder answer = Response.ok().header("Upload-Offset", upload.offset)
                .header("Upload-Length", upload.length).header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (upload.metadata != null) {
            answer.header("Upload-Metadata", upload.metadata);
        }
        return expires(answer, upload).build();
    }

    /**
     * The bytes after Upload-Offset, read as they arrive on a worker thread and stored as they come.
     * The request that brings the upload to its length also makes the file (its answer comes once the
     * file is listed).
     */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Append bytes to a resumable upload (tus core, checksum)")
    @RequestBody(required = true, content = @Content(mediaType = ResumableUploads.OFFSET_CONTENT_TYPE,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "204", description = "Stored; Upload-Offset: the new offset",
            headers = { @Header(name = "Upload-Offset"), @Header(name = "Upload-Expires"),
                    @Header(name = FILE_ID, description = "Once the upload is complete: the id of the file it became") })
    @APIResponse(responseCode = "409", description = "Upload-Offset is not the server's (UPLOAD_OFFSET_MISMATCH)")
    @APIResponse(responseCode = "415", description = "Content-Type is not application/offset+octet-stream")
    @APIResponse(responseCode = "423", description = "The upload is being completed by another request (UPLOAD_LOCKED)")
    @APIResponse(responseCode = "460", description = "The body does not match Upload-Checksum; nothing kept (CHECKSUM_MISMATCH)")
    public Response patch(@PathParam("id") String id,
            @Parameter(in = ParameterIn.HEADER, required = true) @HeaderParam(TUS_RESUMABLE) String version,
            @Parameter(in = ParameterIn.HEADER, required = true) @HeaderParam("Upload-Offset") String offset,
            @Parameter(in = ParameterIn.HEADER, description = "'sha1 <Base64>' or 'sha256 <Base64>'")
            @HeaderParam("Upload-Checksum") String checksum,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @Parameter(hidden = true) InputStream body) {
        requireVersion(version);
        ResumableUpload upload = uploads.patch(id, number(offset, "Upload-Offset"), contentType, contentLength, checksum,
                body, user.id());
        return expires(Response.noContent().header("Upload-Offset", upload.offset), upload).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Terminate a resumable upload (tus termination): its bytes are removed")
    @APIResponse(responseCode = "204", description = "Terminated")
    public Response terminate(@PathParam("id") String id,
            @Parameter(in = ParameterIn.HEADER, required = true) @HeaderParam(TUS_RESUMABLE) String version) {
        requireVersion(version);
        uploads.terminate(id, user.id());
        return Response.noContent().build();
    }

    /** Upload-Expires while the upload is unfinished; once complete, the file it became. */
    private static Response.ResponseBuilder expires(Response.ResponseBuilder answer, ResumableUpload upload) {
        if (!ResumableUpload.COMPLETE.equals(upload.state) && upload.expiresAt != null) {
            answer.header("Upload-Expires", httpDate(upload.expiresAt));
        }
        if (upload.fileId != null) {
            answer.header(FILE_ID, upload.fileId.toHexString());
        }
        return answer;
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    private static void requireVersion(String version) {
        if (!VERSION.equals(version == null ? null : version.trim())) {
            throw new ApiException(412, ErrorCode.TUS_VERSION_UNSUPPORTED,
                    "Tus-Resumable must be " + VERSION + " (the tus protocol version this server speaks)");
        }
    }

    private static Long number(String raw, String header) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_UPLOAD_HEADER, header + " must be a non-negative integer");
        }
    }
}
