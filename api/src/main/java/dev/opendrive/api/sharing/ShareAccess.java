package dev.opendrive.api.sharing;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.opendrive.api.auth.PasswordHasher;
import dev.opendrive.api.auth.RateLimitedException;
import dev.opendrive.api.auth.RateLimiter;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.json.Dates;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one gate of every public route: finds what a share id points at and applies the link's
 * settings, in this order: 404 unknown or revoked, 410 expired, 410 downloads used up, 401 password,
 * 403 wrong kind of access for the link's mode. Nothing here is cached, so an owner's change or
 * revocation holds from the very next request.
 */
@ApplicationScoped
public class ShareAccess {

    private static final Logger LOG = Logger.getLogger(ShareAccess.class);

    /** What a visitor wants to do, which the link's mode allows or not. */
    public enum Purpose {
        /** The answer of GET /:shareId: for a file drop only its name, never a listing. */
        OPEN,
        /** Listing a subfolder, a thumbnail, a download. */
        READ,
        UPLOAD
    }

    /** A share opened for a visitor: exactly one of folder and file is set. */
    public record Opened(ShareSettings settings, FolderDocument folder, FileDocument file) {
    }

    public record Unlocked(String token, String expiresAt) {
    }

    private final FileRepository files;
    private final FolderRepository folders;
    private final ShareSettingsStore store;
    private final ShareTokens tokens;
    private final PasswordHasher hasher;
    private final SharesConfig config;
    private final RateLimiter wrongPasswords;

    public ShareAccess(FileRepository files, FolderRepository folders, ShareSettingsStore store, ShareTokens tokens,
            PasswordHasher hasher, SharesConfig config) {
        this.files = files;
        this.folders = folders;
        this.store = store;
        this.tokens = tokens;
        this.hasher = hasher;
        this.config = config;
        this.wrongPasswords = new RateLimiter(config.unlock().maxAttempts(), config.unlock().window(),
                Clock.systemUTC());
    }

    /** The share, or the error the visitor gets; {@code token} is the unlock token, if any was sent. */
    public Opened open(String shareId, String token, Purpose purpose) {
        Opened opened = find(shareId);
        ShareSettings s = opened.settings();
        checkUsable(s, purpose);
        if (s.hasPassword() && !tokens.valid(token, shareId, s.passwordStamp(), Instant.now())) {
            throw ApiException.unauthorized(ErrorCode.PASSWORD_REQUIRED, token == null || token.isEmpty()
                    ? "This link is protected by a password"
                    : "The password of this link must be given again");
        }
        if (s.mode() == ShareMode.DROP && purpose == Purpose.READ) {
            throw ApiException.forbidden(ErrorCode.UPLOAD_ONLY,
                    "This link only takes uploads: nothing can be listed or downloaded through it");
        }
        if (s.mode() != ShareMode.DROP && purpose == Purpose.UPLOAD) {
            throw ApiException.forbidden(ErrorCode.ACCESS_DENIED, "This link does not take uploads");
        }
        return opened;
    }

    /**
     * Runs a download through an opened share, counted against its limit first (a HEAD request
     * is not a download and is not counted, though it is refused once the limit is reached): one atomic
     * conditional update, so parallel downloads cannot pass the limit. A download that then fails
     * before it starts (content missing, archive too large) gives its count back.
     */
    public <T> T download(Opened opened, boolean head, Supplier<T> send) {
        ShareSettings s = opened.settings();
        if (!s.stored() || head) {
            return send.get(); // an old-style link: nothing to count; a HEAD sends no content
        }
        if (!store.tryCount(s)) {
            // the limit was reached meanwhile, or the owner changed it: decide on the current settings
            ShareSettings now = store.find(s.shareId());
            checkUsable(now, Purpose.READ);
            if (!store.tryCount(now)) {
                throw limitReached();
            }
            s = now;
        }
        try {
            return send.get();
        } catch (RuntimeException e) {
            store.uncount(s);
            throw e;
        }
    }

    /**
     * Checks a share's password: a token for the share on success; 401 WRONG_PASSWORD, and after
     * too many wrong ones from one address for this share, 429 with Retry-After.
     */
    public Unlocked unlock(String shareId, String password, String clientAddress) {
        ShareSettings s = find(shareId).settings();
        checkUsable(s, Purpose.OPEN);
        if (!s.hasPassword()) {
            throw ApiException.badRequest(ErrorCode.NO_PASSWORD, "This link has no password");
        }
        String limitKey = shareId + "|" + clientAddress;
        RateLimiter.Decision decision = wrongPasswords.peek(limitKey);
        if (!decision.allowed()) {
            throw new RateLimitedException(decision,
                    "Too many wrong passwords for this link, please try again later");
        }
        if (!hasher.matches(password, s.passwordHash())) {
            RateLimiter.Decision after = wrongPasswords.record(limitKey);
            LogEvent.of("share.wrong_password").with("remaining", after.remaining()).info(LOG);
            throw ApiException.unauthorized(ErrorCode.WRONG_PASSWORD, "Wrong password");
        }
        wrongPasswords.reset(limitKey);
        Instant expires = Instant.ofEpochSecond(Instant.now().plus(config.unlock().tokenLifetime()).getEpochSecond());
        return new Unlocked(tokens.issue(shareId, s.passwordStamp(), expires), Dates.iso(expires));
    }

    private Opened find(String shareId) {
        if (shareId == null || shareId.isEmpty()) {
            throw notFound();
        }
        var folder = folders.findByShareId(shareId);
        if (folder.isPresent()) {
            return new Opened(store.find(shareId), folder.get(), null);
        }
        FileDocument file = files.findByShareId(shareId).orElseThrow(ShareAccess::notFound);
        return new Opened(store.find(shareId), null, file);
    }

    private static void checkUsable(ShareSettings s, Purpose purpose) {
        if (s.expiredAt(Instant.now())) {
            throw new ApiException(410, ErrorCode.SHARE_EXPIRED, "This link has expired");
        }
        if (purpose != Purpose.UPLOAD && s.limitReached()) {
            throw limitReached();
        }
    }

    private static ApiException limitReached() {
        return new ApiException(410, ErrorCode.DOWNLOAD_LIMIT_REACHED, "This link has reached its download limit");
    }

    static ApiException notFound() {
        return ApiException.notFound(ErrorCode.SHARE_NOT_FOUND, "Shared content not found");
    }
}
