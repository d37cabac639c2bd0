package dev.opendrive.thumbnails;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the thumbnail handler, under {@code opendrive.thumbnails.*}. */
@ConfigMapping(prefix = "opendrive.thumbnails")
public interface ThumbnailConfig {

    /**
     * Images declaring more pixels than this are rejected as decompression bombs, before decoding.
     * Progressive JPEGs and lossless WebP, whose decoders hold the whole frame, get a quarter of it.
     */
    @WithDefault("100000000")
    long maxPixels();

    /** Thumbnails rendered at the same time in this process (each holds a decoded crop in memory). */
    @WithDefault("2")
    int maxConcurrency();

    /** False turns the handler off: image events are then acknowledged without work. */
    @WithDefault("true")
    boolean enabled();
}
