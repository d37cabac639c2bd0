package dev.opendrive.api.auth;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller, loaded once per request from the verified token's userId. */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken jwt;
    private final KnownUsers users;
    private UserDocument user;

    public CurrentUser(JsonWebToken jwt, KnownUsers users) {
        this.jwt = jwt;
        this.users = users;
    }

    public UserDocument user() {
        if (user == null) {
            Object claim = jwt.getClaim("userId");
            String raw = claim != null ? claim.toString() : jwt.getSubject();
            ObjectId id = ObjectIds.parse(raw)
                    .orElseThrow(() -> ApiException.unauthorized(ErrorCode.INVALID_TOKEN, "Invalid token."));
            user = users.byId(id);
        }
        return user;
    }

    public ObjectId id() {
        return user().id;
    }
}
