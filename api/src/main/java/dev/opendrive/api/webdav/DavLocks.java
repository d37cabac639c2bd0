package dev.opendrive.api.webdav;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.bson.types.ObjectId;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * WebDAV write locks (RFC 4918 class 2), exclusive and shared, depth 0 or infinity, with timeouts.
 * Kept in memory of this instance: locks are advisory coordination between editing clients and
 * short-lived (at most {@link #MAX_TIMEOUT_SECONDS}); behind several instances without session
 * affinity a lock taken on one is not seen by the others (docs/webdav.md). Paths are per user and
 * compared case-insensitively, like names in a folder.
 */
@ApplicationScoped
class DavLocks {

    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    static final long MAX_TIMEOUT_SECONDS = 3600;

    record Lock(String token, ObjectId user, DavPath root, boolean exclusive, boolean infinite, String ownerXml,
            long expiresAtMillis) {

        boolean covers(DavPath path) {
            return path.key().equals(root.key()) || (infinite && path.within(root));
        }

        Lock refreshed(long seconds) {
            return new Lock(token, user, root, exclusive, infinite, ownerXml,
                    System.currentTimeMillis() + seconds * 1000);
        }
    }

    /** A write that needs lock tokens it was not given: answered 423 naming the locked resource. */
    static final class Locked extends Exception {
        final DavPath root;

        Locked(DavPath root) {
            super("Locked", null, false, false);
            this.root = root;
        }
    }

    private final Map<String, Lock> locks = new ConcurrentHashMap<>();

    private List<Lock> live(ObjectId user) {
        long now = System.currentTimeMillis();
        List<Lock> out = new ArrayList<>();
        for (Lock l : locks.values()) {
            if (l.expiresAtMillis() <= now) {
                locks.remove(l.token(), l);
            } else if (l.user().equals(user)) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The locks that apply to a resource, by its path, for the many resources of one listing: the
     * user's live locks are gathered once (a pass over all locks), then each resource only looks
     * through those, usually none.
     */
    Function<DavPath, List<Lock>> covering(ObjectId user) {
        List<Lock> live = live(user);
        return path -> live.isEmpty() ? List.of() : live.stream().filter(l -> l.covers(path)).toList();
    }

    Optional<Lock> byToken(ObjectId user, String token) {
        return live(user).stream().filter(l -> l.token().equals(token)).findFirst();
    }

    /**
     * Takes a new lock, or throws {@link Locked} when one in place conflicts: any lock for an
     * exclusive request, an exclusive one for a shared request (also locks below, for depth infinity).
     */
    synchronized Lock lock(ObjectId user, DavPath path, boolean exclusive, boolean infinite, String ownerXml,
            long timeoutSeconds) throws Locked {
        for (Lock l : live(user)) {
            boolean overlaps = l.covers(path) || (infinite && l.root().within(path));
            if (overlaps && (exclusive || l.exclusive())) {
                throw new Locked(l.root());
            }
        }
        Lock lock = new Lock("opaquelocktoken:" + UUID.randomUUID(), user, path, exclusive, infinite, ownerXml,
                System.currentTimeMillis() + timeoutSeconds * 1000);
        locks.put(lock.token(), lock);
        return lock;
    }

    Optional<Lock> refresh(ObjectId user, String token, long timeoutSeconds) {
        return byToken(user, token).map(l -> {
            Lock r = l.refreshed(timeoutSeconds);
            locks.put(r.token(), r);
            return r;
        });
    }

    boolean unlock(ObjectId user, String token, DavPath path) {
        Optional<Lock> l = byToken(user, token).filter(x -> x.covers(path));
        l.ifPresent(x -> locks.remove(x.token()));
        return l.isPresent();
    }

    /** Locks rooted at or below {@code path} go with the resource when it is deleted or moved away. */
    void dropBelow(ObjectId user, DavPath path) {
        live(user).stream().filter(l -> l.root().within(path)).forEach(l -> locks.remove(l.token()));
    }

    /**
     * Checks a write. {@code changed}: resources whose content or properties change (locks covering
     * them count); {@code membership}: collections gaining or losing a member (locks on them count);
     * {@code removedTrees}: resources deleted or moved away (locks below them count too). Every lock
     * that counts needs its token in the If header.
     */
    void require(ObjectId user, IfHeader ifHeader, List<DavPath> changed, List<DavPath> membership,
            List<DavPath> removedTrees) throws Locked {
        List<String> submitted = ifHeader == null ? List.of() : ifHeader.tokens();
        for (Lock l : live(user)) {
            boolean counts = changed.stream().anyMatch(l::covers)
                    || membership.stream().anyMatch(p -> l.root().key().equals(p.key()))
                    || removedTrees.stream().anyMatch(p -> l.covers(p) || l.root().within(p));
            if (counts && !submitted.contains(l.token())) {
                throw new Locked(l.root());
            }
        }
    }

    /**
     * Whether the If header holds (RFC 4918 10.4): at least one of its lists is true, a list being
     * true when all its conditions are. A state token is true for a resource when a lock of the user
     * with that token covers it; an entity tag when it is the resource's current one.
     */
    boolean evaluate(ObjectId user, IfHeader ifHeader, DavPath requestPath,
            Function<DavPath, Optional<String>> etagOf) {
        for (IfHeader.TaggedList list : ifHeader.lists()) {
            DavPath resource = requestPath;
            if (list.resource() != null) {
                Optional<DavPath> tagged = DavPath.ofDestination(list.resource());
                if (tagged.isEmpty()) {
                    continue;
                }
                resource = tagged.get();
            }
            boolean all = true;
            for (IfHeader.Condition c : list.conditions()) {
                boolean holds;
                if (c.stateToken() != null) {
                    DavPath r = resource;
                    holds = byToken(user, c.stateToken()).filter(l -> l.covers(r)).isPresent();
                } else {
                    holds = etagOf.apply(resource).filter(e -> e.equals(c.etag())).isPresent();
                }
                if (holds == c.not()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** A Timeout header ("Second-600", "Infinite", a list of them): the first usable value, capped. */
    static long timeout(String header) {
        if (header == null) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.equalsIgnoreCase("Infinite")) {
                return MAX_TIMEOUT_SECONDS;
            }
            if (p.regionMatches(true, 0, "Second-", 0, 7)) {
                try {
                    long s = Long.parseLong(p.substring(7));
                    if (s > 0) {
                        return Math.min(s, MAX_TIMEOUT_SECONDS);
                    }
                } catch (NumberFormatException e) {
                    // try the next one
                }
            }
        }
        return DEFAULT_TIMEOUT_SECONDS;
    }
}
