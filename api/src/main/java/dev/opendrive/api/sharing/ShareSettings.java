package dev.opendrive.api.sharing;

import java.time.Instant;

/**
 * The optional rules of one share link, kept apart from the shared item (collection
 * "share_settings", _id = the share id) so that a link shared the old way has no document at all
 * and behaves exactly as before. {@code passwordStamp} changes whenever the password does: unlock
 * tokens are signed over it, so a new password (or none) ends every token issued before.
 * {@code stored}: false for a link without a document (its downloads are not counted).
 */
public record ShareSettings(String shareId, String passwordHash, String passwordStamp, Instant expiresAt,
        Long maxDownloads, long downloadCount, ShareMode mode, boolean stored) {

    /** What an old-style link has: no rule at all. */
    public static ShareSettings none(String shareId) {
        return new ShareSettings(shareId, null, null, null, null, 0, ShareMode.VIEW, false);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean limitReached() {
        return maxDownloads != null && downloadCount >= maxDownloads;
    }
}
