package dev.opendrive.api.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.opendrive.api.access.Ownership;
import dev.opendrive.api.auth.CurrentUser;
import dev.opendrive.api.auth.VerifiedTokens;
import dev.opendrive.api.database.OwnerStampedCache;
import dev.opendrive.model.db.DatabaseConfig;
import dev.opendrive.model.db.EmbeddedDatabase;
import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.storage.StorageProvider;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * (added) An owner's download of a file or its thumbnail on local disk, answered on the event loop
 * when the same one was sent before and nothing of its owner has changed since: no JAX-RS dispatch,
 * no worker thread, no database read, just the response head and sendfile. That is most downloads
 * of small files (a page of thumbnails, a client syncing, a browser revalidating), where the route's
 * own work, not the bytes, was the cost.
 * <p>
 * The rules stay where they are: {@code GET /api/files/:id/download} and {@code /thumbnail} check
 * the token, the account and the ownership, and after answering an owner they remember the blob
 * here with the owner's stamp read <em>before</em> the file was ({@link OwnerStampedCache}: every
 * write of the owner's documents, from any writer, changes it). The route
 * below answers only a token that passed verification before ({@link VerifiedTokens}), for a file
 * remembered for that very account, while the stamp is still the same; the reply is
 * {@link BlobResponses#decide}'s, the same as the JAX-RS route's. Anything else (a first download,
 * a range that selects nothing, a file gone from disk, MONGODB_URI, which has no stamps) goes on to
 * the JAX-RS route as if this one did not exist.
 */
@Singleton
public class KnownDownloads {

    /** Which blob of a file, and the route that sends it. */
    public enum Kind {
        CONTENT("/api/files/:id/download"), THUMBNAIL("/api/files/:id/thumbnail");

        final String route;

        Kind(String route) {
            this.route = route;
        }
    }

    private record Key(ObjectId owner, ObjectId file, Kind kind) {
    }

    private record Known(Path path, BlobResponses.Blob blob) {
    }

    /**
     * After the security headers and CORS (Quarkus filter priority 300: order -300), before Quarkus'
     * authentication (-200) and REST's auth-failure handler (-199), which maps every request's path
     * against all resources for the metrics' path template: this route authenticates by itself.
     */
    static final int BEFORE_AUTHENTICATION = -250;
    private static final String BEARER = "Bearer ";
    private static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
    private static final CharSequence IF_RANGE = HttpHeaders.createOptimized("If-Range");

    private final Ownership ownership;
    private final BlobResponses blobs;
    private final StorageProvider storage;
    private final VerifiedTokens tokens;
    private final OwnerStampedCache<Key, Known> known;

    public KnownDownloads(Ownership ownership, BlobResponses blobs, StorageProvider storage, VerifiedTokens tokens,
            Instance<EmbeddedDatabase> embedded, DatabaseConfig database, FilesConfig config) {
        this.ownership = ownership;
        this.blobs = blobs;
        this.storage = storage;
        this.tokens = tokens;
        this.known = OwnerStampedCache.ofEntries(embedded, database, config.downloadCacheEntries());
    }

    /** {@code GET /api/files/:id/download} or {@code /thumbnail} for the authenticated owner, remembered. */
    public jakarta.ws.rs.core.Response send(Kind kind, String rawId, ObjectId owner,
            jakarta.ws.rs.core.HttpHeaders headers) {
        OptionalLong stamp = known.stampBefore(owner);
        FileDocument file = ownership.activeFile(rawId, owner);
        BlobResponses.Blob blob = blobs.sized(switch (kind) {
            case CONTENT -> BlobResponses.blobOf(file, false);
            case THUMBNAIL -> BlobResponses.thumbnailOf(file);
        });
        jakarta.ws.rs.core.Response response = blobs.send(blob, headers);
        if (stamp.isPresent() && response.getStatus() < 300) {
            localFile(blob.key()).ifPresent(
                    path -> known.remember(new Key(owner, file.id, kind), stamp.getAsLong(), new Known(path, blob)));
        }
        return response;
    }

    private Optional<Path> localFile(String key) {
        try {
            return storage.localFile(key);
        } catch (IOException e) {
            return Optional.empty(); // not remembered: the next download takes the JAX-RS route again
        }
    }

    void install(@Observes Router router) {
        // nothing is ever remembered without stamps (MONGODB_URI, no embedded database): no route then
        if (known.isOn()) {
            for (Kind kind : Kind.values()) {
                router.get(kind.route).order(BEFORE_AUTHENTICATION).handler(rc -> serve(kind, rc));
            }
        }
    }

    private void serve(Kind kind, RoutingContext rc) {
        Key key = keyOf(kind, rc);
        Known file = key == null ? null : known.current(key, key.owner());
        if (file == null) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        BlobResponses.Reply reply;
        try {
            reply = BlobResponses.decide(file.blob(), request.getHeader(HttpHeaders.IF_NONE_MATCH),
                    request.getHeader(RANGE), request.getHeader(IF_RANGE));
        } catch (ByteRange.Unsatisfiable e) {
            rc.next();
            return;
        }
        HttpServerResponse response = rc.response().setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        if (!reply.hasBody()) {
            response.end();
            return;
        }
        response.sendFile(file.path().toString(), reply.offset(), reply.length(), sent -> {
            if (sent.failed() && !response.headWritten()) {
                // gone from disk since it was remembered: the JAX-RS route answers (404 JSON)
                reply.headers().keySet().forEach(response.headers()::remove);
                response.setStatusCode(200);
                known.forget(key);
                rc.next();
            }
        });
    }

    /** Owner and file of a request with an already verified bearer token and a well-formed id. */
    private Key keyOf(Kind kind, RoutingContext rc) {
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        JsonWebToken jwt = tokens.alreadyVerified(authorization.substring(BEARER.length()).trim());
        Optional<ObjectId> owner = jwt == null ? Optional.empty() : CurrentUser.userIdOf(jwt);
        Optional<ObjectId> id = ObjectIds.parse(rc.pathParam("id"));
        return owner.isPresent() && id.isPresent() ? new Key(owner.get(), id.get(), kind) : null;
    }
}
