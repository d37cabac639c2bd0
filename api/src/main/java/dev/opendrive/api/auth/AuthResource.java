package dev.opendrive.api.auth;

import dev.opendrive.api.json.RequiredBody;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record AuthResponse(String message, String token, UserView user) {
    }

    public record MeResponse(UserView user) {
    }

    private final AuthService auth;
    private final CurrentUser currentUser;

    public AuthResource(AuthService auth, CurrentUser currentUser) {
        this.auth = auth;
        this.currentUser = currentUser;
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@RequiredBody @Valid Credentials body, @Context HttpServerRequest request) {
        AuthService.Session session = auth.register(body, ClientAddress.of(request));
        return Response.status(201)
                .entity(new AuthResponse("User registered successfully", session.token(), UserView.of(session.user())))
                .build();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public AuthResponse login(@RequiredBody @Valid Credentials body, @Context HttpServerRequest request) {
        AuthService.Session session = auth.login(body, ClientAddress.of(request));
        return new AuthResponse("Login successful", session.token(), UserView.of(session.user()));
    }

    @GET
    @Path("/me")
    @Authenticated
    public MeResponse me() {
        return new MeResponse(UserView.of(currentUser.user()));
    }
}
