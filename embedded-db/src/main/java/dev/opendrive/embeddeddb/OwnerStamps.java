package dev.opendrive.embeddeddb;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * For each owner (the {@code ownerId} of a document, in any collection), a number that changes
 * whenever one of its documents is inserted, changed or removed, and for everybody when a
 * collection or database is dropped or renamed. A process that serves this database itself can
 * keep what it derived from an owner's documents (a folder listing) for as long as the stamp it
 * read before reading them stays the same.
 * <p>
 * Why it is sound: the engine bumps the stamp once the write is complete (document and indexes),
 * before the collection's write lock is released, so a reader that reads the stamp and then queries
 * under the read lock either sees the new stamp and the change with it, or the old stamp, which the
 * change has made stale by the time anyone compares it. An owner's stamp only ever grows, also when
 * two collections are written for the same owner at once.
 */
final class OwnerStamps {

    private static final String OWNER = "ownerId";
    /** Each opening starts far from the others, so that stamps of two openings never coincide. */
    private static final AtomicLong OPENINGS = new AtomicLong();

    private final AtomicLong clock = new AtomicLong(OPENINGS.incrementAndGet() << 40);
    // keyed by the engine's own ObjectId (equal by its bytes): no text per write
    private final ConcurrentHashMap<ObjectId, Long> byOwner = new ConcurrentHashMap<>();
    private volatile long everything = clock.get();

    /** A document of some owner was inserted, changed (called with the old and the new) or removed. */
    void changed(Document document) {
        if (document != null && document.get(OWNER) instanceof ObjectId owner) {
            byOwner.merge(owner, clock.incrementAndGet(), Math::max);
        }
    }

    /** Documents went without their own notice (a drop, a rename): every stamp changes. */
    void changedAll() {
        everything = clock.incrementAndGet();
    }

    /** The owner's current stamp. */
    long stamp(ObjectId owner) {
        long all = everything;
        Long own = byOwner.get(owner);
        return own == null ? all : Math.max(own, all);
    }
}
