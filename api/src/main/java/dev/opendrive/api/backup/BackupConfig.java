package dev.opendrive.api.backup;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.backup")
public interface BackupConfig {

    /**
     * BACKUP_DIR: where {@code POST /api/admin/backup} writes snapshots, one directory each. Beside
     * the data directory by default, not in it: a backup must survive losing DATA_DIR (better still
     * on another disk).
     */
    @WithName("dir")
    @WithDefault("./backups")
    Path dir();
}
