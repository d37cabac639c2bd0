package dev.opendrive.api.database;

import java.util.OptionalLong;
import java.util.function.ToIntFunction;

import org.bson.types.ObjectId;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.opendrive.model.db.DatabaseConfig;
import dev.opendrive.model.db.EmbeddedDatabase;
import jakarta.enterprise.inject.Instance;

/**
 * (added) What the process derived from one owner's documents (a folder listing, a file to send),
 * kept while that owner's stamp is the one read <em>before</em> the documents were: the embedded
 * database changes the stamp with every write of the owner's documents, whoever writes them
 * (embedded-db OwnerStamps), so a kept value is never older than the database. The rule for every
 * user: read {@link #stampBefore} first, then the documents, then {@link #remember} under that stamp;
 * {@link #get} answers a value only under the owner's stamp as it is now.
 * <p>
 * Off (nothing kept, {@link #stampBefore} empty) without the embedded database, with MONGODB_URI
 * (Atlas, several API instances: no stamps), or with a limit of 0.
 */
public final class OwnerStampedCache<K, V> {

    private record Kept<V>(long stamp, V value) {
    }

    /** Null when off. */
    private final EmbeddedDatabase embedded;
    private final Cache<K, Kept<V>> kept;

    private OwnerStampedCache(Instance<EmbeddedDatabase> embedded, DatabaseConfig database, long limit,
            Cache<K, Kept<V>> kept) {
        boolean on = embedded.isResolvable() && database.externalUri().isEmpty() && limit > 0;
        this.embedded = on ? embedded.get() : null;
        this.kept = kept;
    }

    /** At most about {@code entries} values (Caffeine's eviction: the least used go first). */
    public static <K, V> OwnerStampedCache<K, V> ofEntries(Instance<EmbeddedDatabase> embedded,
            DatabaseConfig database, long entries) {
        return new OwnerStampedCache<>(embedded, database, entries,
                Caffeine.newBuilder().maximumSize(Math.max(1, entries)).build());
    }

    /** At most about {@code bytes}, each value weighing its {@code size}. */
    public static <K, V> OwnerStampedCache<K, V> ofBytes(Instance<EmbeddedDatabase> embedded,
            DatabaseConfig database, long bytes, ToIntFunction<V> size) {
        return new OwnerStampedCache<>(embedded, database, bytes, Caffeine.newBuilder()
                .maximumWeight(Math.max(1, bytes)).<K, Kept<V>>weigher((key, k) -> size.applyAsInt(k.value()))
                .build());
    }

    /** Whether values can be kept at all (the embedded database, no MONGODB_URI, a limit over 0). */
    public boolean isOn() {
        return embedded != null;
    }

    /** The owner's stamp, to read before the documents a value comes from; empty when nothing is kept. */
    public OptionalLong stampBefore(ObjectId owner) {
        return embedded == null ? OptionalLong.empty() : embedded.ownerStamp(owner);
    }

    public void remember(K key, long stamp, V value) {
        kept.put(key, new Kept<>(stamp, value));
    }

    /** The value kept for {@code key} if it was remembered under {@code stamp}, else null. */
    public V get(K key, long stamp) {
        Kept<V> k = kept.getIfPresent(key);
        return k != null && k.stamp() == stamp ? k.value() : null;
    }

    /** The value kept for {@code key} if the owner's stamp is still the one it was remembered under. */
    public V current(K key, ObjectId owner) {
        OptionalLong stamp = stampBefore(owner);
        return stamp.isPresent() ? get(key, stamp.getAsLong()) : null;
    }

    public void forget(K key) {
        kept.invalidate(key);
    }
}
