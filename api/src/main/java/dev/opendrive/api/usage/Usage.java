package dev.opendrive.api.usage;

/**
 * What a user's drive holds: live items and bytes, and what sits in the trash (it still takes
 * space until emptied). Also the unit of a change: a delta with signed counts.
 */
public record Usage(long files, long bytes, long folders, long trashedFiles, long trashedBytes, long trashedFolders) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

    public static Usage fileAdded(long size) {
        return new Usage(1, size, 0, 0, 0, 0);
    }

    /** Live files and folders moving to the trash (negative counts move them back). */
    public static Usage trashed(long files, long bytes, long folders) {
        return new Usage(-files, -bytes, -folders, files, bytes, folders);
    }

    public static Usage folderAdded() {
        return new Usage(0, 0, 1, 0, 0, 0);
    }

    public Usage negate() {
        return new Usage(-files, -bytes, -folders, -trashedFiles, -trashedBytes, -trashedFolders);
    }

    public Usage plus(Usage other) {
        return new Usage(files + other.files, bytes + other.bytes, folders + other.folders,
                trashedFiles + other.trashedFiles, trashedBytes + other.trashedBytes,
                trashedFolders + other.trashedFolders);
    }

    public boolean isZero() {
        return equals(NONE);
    }
}
