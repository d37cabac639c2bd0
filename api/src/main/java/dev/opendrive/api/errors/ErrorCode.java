package dev.opendrive.api.errors;

/**
 * Every stable error code a client can see in {@code {"error": "...", "code": "..."}}, declared once.
 * The constant's name is the wire value; renaming one breaks clients. The human message stays with
 * the rule that fails (it often names the item), the status with the {@link ApiException} factory.
 */
public enum ErrorCode {

    // --- request shape (JSON bodies, routes, media types) ---
    /** The body is missing, JSON null, or not a JSON object. */
    INVALID_BODY,
    /** A field of the body has the wrong JSON type (e.g. {"name": 42}). */
    INVALID_FIELD,
    /** The body is not parseable JSON. */
    INVALID_JSON,
    /** A field of the body breaks a constraint of its request record. */
    VALIDATION_ERROR,
    BAD_REQUEST,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    INTERNAL_ERROR,
    DATABASE_UNAVAILABLE,

    // --- accounts and tokens ---
    INVALID_EMAIL,
    WEAK_PASSWORD,
    PASSWORD_TOO_LONG,
    USER_EXISTS,
    INVALID_CREDENTIALS,
    /** (added) No app password of the caller has this id (or it was revoked already). */
    APP_PASSWORD_NOT_FOUND,
    /** (added) The caller already has the most app passwords allowed. */
    TOO_MANY_APP_PASSWORDS,
    RATE_LIMITED,
    NO_TOKEN,
    INVALID_TOKEN,
    USER_NOT_FOUND,
    FORBIDDEN,

    // --- files and folders ---
    FILE_NOT_FOUND,
    FILE_NOT_IN_TRASH,
    FOLDER_NOT_FOUND,
    FOLDER_NOT_IN_TRASH,
    INVALID_FOLDER_ID,
    NAME_REQUIRED,
    NAME_TOO_LONG,
    INVALID_NAME,
    NAME_CONFLICT,
    INVALID_MOVE,
    FILE_CONTENT_MISSING,
    THUMBNAIL_NOT_FOUND,
    RANGE_NOT_SATISFIABLE,
    /** A folder or multi-select ZIP download over the entry or byte limit (opendrive.zip.*). */
    DOWNLOAD_TOO_LARGE,

    // --- uploads ---
    UNEXPECTED_FIELD,
    NO_FILES,
    TOO_MANY_FILES,
    FILE_TOO_LARGE,
    TYPE_NOT_ALLOWED,
    UPLOAD_FAILED,
    /** A multipart/form-data body that does not follow the format (no boundary, no closing boundary, ...). */
    MALFORMED_MULTIPART,
    /** The request body stopped before its end (the client went away or stopped sending). */
    UPLOAD_INTERRUPTED,
    /** 507: the file does not fit in what is left of the user's storage quota (trash included). */
    QUOTA_EXCEEDED,
    /** (added) 400: onConflict is neither "rename" nor "version". */
    INVALID_ON_CONFLICT,

    // --- file versions (added) ---
    /** 404: no such earlier content of this file (deleted, pruned, or never there). */
    VERSION_NOT_FOUND,
    /** 409: restore or delete of "current", which is the file's content, not a version. */
    VERSION_IS_CURRENT,
    /** 409: the file's content kept changing under this request; nothing of it was kept. */
    CONTENT_CONFLICT,

    // --- resumable uploads (tus, /api/uploads) ---
    /** No such resumable upload of the caller (never created, terminated, or swept after it expired). */
    UPLOAD_NOT_FOUND,
    /** 410: the upload was abandoned past its Upload-Expires; its bytes are removed. */
    UPLOAD_EXPIRED,
    /** 409: Upload-Offset is not the offset the server holds (HEAD tells it). */
    UPLOAD_OFFSET_MISMATCH,
    /** 423: the upload's last bytes are being turned into the file right now. */
    UPLOAD_LOCKED,
    /** 412: the request's Tus-Resumable is not a protocol version the server speaks. */
    TUS_VERSION_UNSUPPORTED,
    /** A tus header (Upload-Length, Upload-Offset, Upload-Metadata, Upload-Checksum) is missing or malformed. */
    INVALID_UPLOAD_HEADER,
    /** Upload-Checksum names an algorithm the server does not offer (Tus-Checksum-Algorithm). */
    CHECKSUM_ALGORITHM_UNSUPPORTED,
    /** 460: the PATCH body does not match its Upload-Checksum; nothing of it was kept. */
    CHECKSUM_MISMATCH,
    /** An upload sent in more pieces than opendrive.tus.max-chunks: send larger chunks. */
    TOO_MANY_CHUNKS,

    // --- sharing and download links ---
    SHARE_NOT_FOUND,
    ACCESS_DENIED,
    INVALID_LINK,
    INVALID_EXPIRES,
    LINK_EXPIRED,
    /** (added) A share setting the owner sent is not valid (mode, maxDownloads, empty password). */
    INVALID_SHARE_SETTINGS,
    /** (added) 401: the link has a password; unlock it (POST /api/public/:shareId/unlock) and send the token. */
    PASSWORD_REQUIRED,
    /** (added) 401: the password given to unlock a link is not its password. */
    WRONG_PASSWORD,
    /** (added) 400: unlocking a link that has no password. */
    NO_PASSWORD,
    /** (added) 410: the link's expiry has passed. */
    SHARE_EXPIRED,
    /** (added) 410: the link's downloads are used up. */
    DOWNLOAD_LIMIT_REACHED,
    /** (added) 403: a file-drop link takes uploads only; nothing can be listed or downloaded through it. */
    UPLOAD_ONLY,

    // --- search ---
    QUERY_REQUIRED,
    QUERY_TOO_LONG,
    INVALID_TYPE,
    INVALID_PAGE,
    REINDEX_RUNNING,

    // --- operator routes ---
    /** The database is MongoDB (MONGODB_URI): back it up with mongodump or the provider's snapshots. */
    BACKUP_UNSUPPORTED,
    BACKUP_RUNNING,
    BACKUP_EXISTS,
    INVALID_BACKUP_NAME,
    /** The snapshot could not be written (the backup directory is not usable, the disk is full, ...). */
    BACKUP_FAILED
}
