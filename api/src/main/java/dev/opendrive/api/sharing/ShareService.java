package dev.opendrive.api.sharing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

import org.bson.conversions.Bson;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.auth.PasswordHasher;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.json.Dates;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Share links: 128-bit random ids, stable while shared (sharing twice keeps the same link), with
 * (added) optional settings: password, expiry, download limit, upload-only mode for folders.
 */
@ApplicationScoped
public class ShareService {

    /**
     * The share JSON for the owner. The first three fields are the old answer; (added) the settings
     * follow, never a secret: {@code hasPassword} only, not the hash.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ShareLink(String message, String shareId, String shareUrl, boolean hasPassword, String expiresAt,
            Long maxDownloads, long downloadCount, String mode) {
    }

    /** bcrypt reads at most 72 bytes; a longer password would be cut silently, so it is refused. */
    private static final int PASSWORD_MAX_BYTES = 72;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FileRepository files;
    private final FolderRepository folders;
    private final ShareSettingsStore settings;
    private final PasswordHasher hasher;

    public ShareService(FileRepository files, FolderRepository folders, ShareSettingsStore settings,
            PasswordHasher hasher) {
        this.files = files;
        this.folders = folders;
        this.settings = settings;
        this.hasher = hasher;
    }

    /**
     * Shares the file (or keeps its link) and applies the settings given. A new link's settings are
     * written before the link exists, so it is never reachable without them.
     */
    public ShareLink share(FileDocument file, ShareRequest request) {
        ShareSettingsStore.Change change = change(request, false);
        boolean newLink = !file.isShared || file.shareId == null;
        String shareId = newLink ? newShareId() : file.shareId;
        ShareSettings applied = settings.apply(shareId, change);
        if (newLink) {
            file.isShared = true;
            file.shareId = shareId;
            file.updatedAt = Dates.now();
            files.setFields(file.id, sharing(file));
        }
        return link("Share link generated", applied);
    }

    public ShareLink share(FolderDocument folder, ShareRequest request) {
        ShareSettingsStore.Change change = change(request, true);
        boolean newLink = !folder.isShared || folder.shareId == null;
        String shareId = newLink ? newShareId() : folder.shareId;
        ShareSettings applied = settings.apply(shareId, change);
        if (newLink) {
            folder.isShared = true;
            folder.shareId = shareId;
            folder.updatedAt = Dates.now();
            folders.update(folder);
        }
        return link("Share link generated", applied);
    }

    /** (added) The link and its settings; 404 SHARE_NOT_FOUND when the item is not shared. */
    public ShareLink current(FileDocument file) {
        return link("Share link", settings.find(sharedId(file.isShared, file.shareId)));
    }

    public ShareLink current(FolderDocument folder) {
        return link("Share link", settings.find(sharedId(folder.isShared, folder.shareId)));
    }

    /** (added) Changes the settings of an existing link (the link itself stays the same). */
    public ShareLink update(FileDocument file, ShareRequest request) {
        String shareId = sharedId(file.isShared, file.shareId);
        return link("Share settings updated", settings.apply(shareId, change(request, false)));
    }

    public ShareLink update(FolderDocument folder, ShareRequest request) {
        String shareId = sharedId(folder.isShared, folder.shareId);
        return link("Share settings updated", settings.apply(shareId, change(request, true)));
    }

    /** Ends the link at once: the item is no longer found by it, then its settings go too. */
    public void revoke(FileDocument file) {
        String old = file.shareId;
        file.isShared = false;
        file.shareId = null;
        file.updatedAt = Dates.now();
        files.setFields(file.id, sharing(file));
        forget(old);
    }

    /** Only the share fields: writing the whole document back could undo a concurrent overwrite. */
    private static Bson sharing(FileDocument file) {
        return Updates.combine(Updates.set("isShared", file.isShared), Updates.set("shareId", file.shareId),
                Updates.set("updatedAt", file.updatedAt));
    }

    public void revoke(FolderDocument folder) {
        String old = folder.shareId;
        folder.isShared = false;
        folder.shareId = null;
        folder.updatedAt = Dates.now();
        folders.update(folder);
        forget(old);
    }

    private void forget(String shareId) {
        if (shareId != null) {
            settings.delete(shareId);
        }
    }

    private static String sharedId(boolean isShared, String shareId) {
        if (!isShared || shareId == null) {
            throw ApiException.notFound(ErrorCode.SHARE_NOT_FOUND, "This item is not shared");
        }
        return shareId;
    }

    /** Checks the owner's settings and turns them into what is stored (the password as a hash). */
    private ShareSettingsStore.Change change(ShareRequest request, boolean folder) {
        if (request == null) {
            return new ShareSettingsStore.Change(Optional.empty(), Optional.empty(), false, Optional.empty(), false,
                    Optional.empty(), false, null);
        }
        Optional<String> hash = Optional.empty();
        Optional<String> stamp = Optional.empty();
        if (request.passwordGiven && request.password() != null) {
            String password = request.password();
            if (password.isEmpty()) {
                throw ApiException.badRequest(ErrorCode.INVALID_SHARE_SETTINGS,
                        "password must not be empty (null removes the password)");
            }
            if (password.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
                throw ApiException.badRequest(ErrorCode.PASSWORD_TOO_LONG, "Password must be at most 72 bytes long");
            }
            hash = Optional.of(hasher.hash(password));
            stamp = Optional.of(newShareId());
        }
        Optional<Instant> expires = Optional.empty();
        if (request.expiresGiven && request.expiresAt() != null) {
            try {
                expires = Optional.of(OffsetDateTime.parse(request.expiresAt()).toInstant());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(ErrorCode.INVALID_EXPIRES,
                        "expiresAt must be an ISO-8601 date-time with an offset, e.g. 2027-01-31T18:00:00Z");
            }
        }
        Long max = request.maxDownloads();
        if (request.maxGiven && max != null && max < 1) {
            throw ApiException.badRequest(ErrorCode.INVALID_SHARE_SETTINGS, "maxDownloads must be at least 1");
        }
        ShareMode mode = request.mode() == null ? null : ShareMode.parse(request.mode());
        if (mode == ShareMode.DROP && !folder) {
            throw ApiException.badRequest(ErrorCode.INVALID_SHARE_SETTINGS,
                    "Only a folder can be shared as a file drop");
        }
        return new ShareSettingsStore.Change(hash, stamp, request.passwordGiven, expires, request.expiresGiven,
                Optional.ofNullable(max), request.maxGiven, mode);
    }

    private static ShareLink link(String message, ShareSettings s) {
        return new ShareLink(message, s.shareId(), "/public/" + s.shareId(), s.hasPassword(),
                Dates.iso(s.expiresAt()), s.maxDownloads(), s.downloadCount(), s.mode().wire());
    }

    private static String newShareId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
