package dev.opendrive.api.auth;

import java.util.Optional;

import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class UserRepository implements PanacheMongoRepositoryBase<UserDocument, ObjectId> {

    public Optional<UserDocument> findByEmail(String normalizedEmail) {
        return find("email", normalizedEmail).firstResultOptional();
    }

    /** An account named by an operator: its id (24 hex digits) or its email in any case. */
    public Optional<UserDocument> findByIdOrEmail(String idOrEmail) {
        if (idOrEmail == null || idOrEmail.isBlank()) {
            return Optional.empty();
        }
        if (ObjectId.isValid(idOrEmail)) {
            return findByIdOptional(new ObjectId(idOrEmail));
        }
        return findByEmail(AuthService.normalize(idOrEmail));
    }
}
