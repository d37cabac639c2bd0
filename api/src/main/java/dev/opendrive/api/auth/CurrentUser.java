package dev.opendrive.api.auth;

import java.util.Optional;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller, loaded once per request from the verified token's sub (or userId). */
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
            ObjectId id = userIdOf(jwt)
                    .orElseThrow(() -> ApiException.unauthorized(ErrorCode.INVALID_TOKEN, "Invalid token."));
            user = users.byId(id);
        }
        return user;
    }

    /** The account a verified token names; empty when it names none. */
    public static Optional<ObjectId> userIdOf(JsonWebToken jwt) {
        // our tokens carry the id as sub and as the old service's userId (its tokens: userId only);
        // sub first, because SmallRye looks a custom claim up by throwing and catching an exception
        Optional<ObjectId> parsed = ObjectIds.parse(jwt.getSubject());
        if (parsed.isEmpty()) {
            Object claim = jwt.getClaim("userId");
            parsed = ObjectIds.parse(claim != null ? claim.toString() : null);
        }
        return parsed;
    }

    public ObjectId id() {
        return user().id;
    }
}
