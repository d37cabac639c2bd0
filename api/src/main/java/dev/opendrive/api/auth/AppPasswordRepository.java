package dev.opendrive.api.auth;

import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AppPasswordRepository implements PanacheMongoRepositoryBase<AppPasswordDocument, ObjectId> {

    public Optional<AppPasswordDocument> findByLookup(String lookup) {
        return find("lookup", lookup).firstResultOptional();
    }

    public List<AppPasswordDocument> listOf(ObjectId userId) {
        return list("userId", Sort.descending("createdAt"), userId);
    }

    public Optional<AppPasswordDocument> findOwned(ObjectId id, ObjectId userId) {
        return find("{_id: ?1, userId: ?2}", id, userId).firstResultOptional();
    }
}
