package dev.opendrive.api.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.quota")
public interface QuotaConfig {

    /**
     * DEFAULT_QUOTA: what every user may keep unless an operator set their own quota (syntax in
     * {@link Quota#parse}). Unlimited by default, so an upgraded install behaves as before.
     */
    @WithName("default")
    @WithDefault("unlimited")
    @WithConverter(Quota.Converter.class)
    Quota defaultQuota();
}
