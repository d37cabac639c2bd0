package dev.opendrive.api.sharing;

import java.security.SecureRandom;
import java.util.Base64;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Updates;

import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.json.Dates;
import jakarta.enterprise.context.ApplicationScoped;

/** Share links: 128-bit random ids, stable while shared (sharing twice keeps the same link). */
@ApplicationScoped
public class ShareService {

    public record ShareLink(String message, String shareId, String shareUrl) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FileRepository files;
    private final FolderRepository folders;

    public ShareService(FileRepository files, FolderRepository folders) {
        this.files = files;
        this.folders = folders;
    }

    public ShareLink share(FileDocument file) {
        if (!file.isShared || file.shareId == null) {
            file.isShared = true;
            file.shareId = newShareId();
            file.updatedAt = Dates.now();
            files.setFields(file.id, sharing(file));
        }
        return link(file.shareId);
    }

    public ShareLink share(FolderDocument folder) {
        if (!folder.isShared || folder.shareId == null) {
            folder.isShared = true;
            folder.shareId = newShareId();
            folder.updatedAt = Dates.now();
            folders.update(folder);
        }
        return link(folder.shareId);
    }

    public void revoke(FileDocument file) {
        file.isShared = false;
        file.shareId = null;
        file.updatedAt = Dates.now();
        files.setFields(file.id, sharing(file));
    }

    /** Only the share fields: writing the whole document back could undo a concurrent overwrite. */
    private static Bson sharing(FileDocument file) {
        return Updates.combine(Updates.set("isShared", file.isShared), Updates.set("shareId", file.shareId),
                Updates.set("updatedAt", file.updatedAt));
    }

    public void revoke(FolderDocument folder) {
        folder.isShared = false;
        folder.shareId = null;
        folder.updatedAt = Dates.now();
        folders.update(folder);
    }

    private static ShareLink link(String shareId) {
        return new ShareLink("Share link generated", shareId, "/public/" + shareId);
    }

    private static String newShareId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
