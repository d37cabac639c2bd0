package dev.opendrive.api.usage;

import java.util.Optional;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-user storage quotas: DEFAULT_QUOTA unless an operator set the user's own, counted over live
 * files and the trash together (trashed files take space until the trash is emptied, so a restore
 * adds nothing and never needs a check).
 * <p>
 * How uploads are held to it: the bytes are written first and charged only at the end, with one
 * conditional update that counts the file only if it still fits ({@link UsageCounters#addWithin});
 * refused, the blob is deleted. A stream's size is only known at its end, and charging then needs
 * no reservation that a crashed process would leave behind (the counters stay a pure function of the
 * documents, so a recount stays exact). To waste little on a file that cannot fit, each upload is also
 * cut off as soon as it passes the space that was {@linkplain Standing#free free} when it started
 * (at once for a declared length). Concurrent uploads may all be written, but only those that fit are
 * charged and kept.
 */
@ApplicationScoped
public class Quotas {

    private static final Logger LOG = Logger.getLogger(Quotas.class);

    private final UsageCounters counters;
    private final Quota defaultQuota;

    public Quotas(UsageCounters counters, QuotaConfig config) {
        this.counters = counters;
        this.defaultQuota = config.defaultQuota();
    }

    /** A user's usage and quota at one moment; {@code own}: set for this user by an operator. */
    public record Standing(Usage usage, Quota quota, boolean own) {

        /** Live and trashed bytes: what counts toward the quota. */
        public long charged() {
            return UsageCounters.charged(usage);
        }

        /** What may still be stored (Long.MAX_VALUE: no limit). */
        public long free() {
            return quota.free(charged());
        }
    }

    public Standing standing(ObjectId owner) {
        UsageCounters.Counted counted = counters.readWithQuota(owner);
        return new Standing(counted.usage(), counted.quota().orElse(defaultQuota), counted.quota().isPresent());
    }

    public Quota defaultQuota() {
        return defaultQuota;
    }

    /** What a charge counts. */
    public enum Charge {
        /** A new file, before its document is saved: one file more and its bytes. */
        FILE,
        /**
         * (added) Bytes of a live file that is not another file: a new content (its old one stays,
         * as a version) or, refunded, a content or version that is gone.
         */
        BYTES;

        Usage of(long size) {
            return this == FILE ? Usage.fileAdded(size) : new Usage(0, size, 0, 0, 0, 0);
        }
    }

    /**
     * Counts {@code size} bytes as {@code kind} if they fit the quota, atomically against concurrent
     * uploads; otherwise throws 507 QUOTA_EXCEEDED and changes nothing.
     */
    public void charge(ObjectId owner, Charge kind, long size, Quota quota, String displayName) {
        long limit = quota.unlimited() ? Long.MAX_VALUE : quota.bytes();
        if (!counters.addWithin(owner, kind.of(size), limit)) {
            throw exceeded(displayName, standing(owner));
        }
    }

    /** Takes back a {@link #charge} (or frees bytes that are gone) of the same kind. */
    public void refund(ObjectId owner, Charge kind, long size) {
        counters.apply(owner, kind.of(size).negate());
    }

    /**
     * As {@link #refund}, for a request that has already failed or succeeded otherwise: a failure is
     * logged (usage.refund_failed), not thrown, and the counters are off until a recount.
     */
    public void refundOrLog(ObjectId owner, Charge kind, long size) {
        try {
            refund(owner, kind, size);
        } catch (RuntimeException e) {
            LogEvent.of("usage.refund_failed").with("userId", owner).with("size", size).with("error", e.toString())
                    .warn(LOG);
        }
    }

    /** Sets the user's own quota; empty: back to DEFAULT_QUOTA. */
    public Standing set(ObjectId owner, Optional<Quota> quota) {
        counters.setQuota(owner, quota);
        return standing(owner);
    }

    public ApiException exceeded(String displayName, Standing standing) {
        return exceeded(displayName, standing.free(), standing.quota());
    }

    /** {@code free}: what was left for this file (less than the standing's when earlier files of the request took some). */
    public ApiException exceeded(String displayName, long free, Quota quota) {
        return ApiException.insufficientStorage(ErrorCode.QUOTA_EXCEEDED, "Storage quota exceeded: '" + displayName
                + "' does not fit in the " + Quota.human(free) + " left of your " + quota + " quota");
    }
}
