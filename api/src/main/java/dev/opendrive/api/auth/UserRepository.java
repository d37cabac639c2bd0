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
}
