package dev.opendrive.searchindexer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** SEARCH_MAX_EXTRACTED_CHARS, SEARCH_MAX_CONTENT_TOKENS, SEARCH_PDF_TIME_BUDGET. */
@ConfigMapping(prefix = "opendrive.search")
public interface SearchIndexConfig {

    /** Characters of text read from one file; the rest is not indexed (and the entry says so). */
    @WithName("max-extracted-chars")
    @WithDefault("1000000")
    int maxExtractedChars();

    /** Distinct content words kept per file. */
    @WithName("max-content-tokens")
    @WithDefault("50000")
    int maxContentTokens();

    /** Time spent reading the pages of one PDF; the text read by then is indexed (as truncated). */
    @WithName("pdf-time-budget")
    @WithDefault("60s")
    Duration pdfTimeBudget();
}
