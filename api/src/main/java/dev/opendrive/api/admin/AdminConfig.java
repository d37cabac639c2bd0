package dev.opendrive.api.admin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.admin")
public interface AdminConfig {

    /** ADMIN_TOKEN: enables the operator routes; unset, they answer 404. */
    @WithName("token")
    Optional<String> token();
}
