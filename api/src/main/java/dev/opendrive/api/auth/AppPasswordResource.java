package dev.opendrive.api.auth;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.opendrive.api.json.Message;
import dev.opendrive.api.json.RequiredBody;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * (added) App passwords for WebDAV clients. Only a token (a real login) manages them: an app
 * password opens /dav/ and nothing else, so a stolen one cannot make more or reveal any.
 */
@Path("/api/auth/app-passwords")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AppPasswordResource {

    public record CreateRequest(String name) {
    }

    private final AppPasswords passwords;
    private final CurrentUser user;

    public AppPasswordResource(AppPasswords passwords, CurrentUser user) {
        this.passwords = passwords;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an app password", description = "The generated password is in the answer once and"
            + " never again; use it with the account's email for WebDAV (/dav/).")
    @APIResponse(responseCode = "201", description = "Created: {id, name, createdAt, password}")
    public Response create(@RequiredBody CreateRequest body) {
        return Response.status(201).entity(passwords.create(user.id(), body.name())).build();
    }

    @GET
    @Operation(summary = "List the caller's app passwords (never their secrets)")
    public List<AppPasswords.View> list() {
        return passwords.list(user.id());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an app password", description = "Takes effect at once, also for WebDAV clients"
            + " that used it a moment ago.")
    public Message revoke(@PathParam("id") String id) {
        passwords.revoke(user.id(), id);
        return new Message("App password revoked");
    }
}
