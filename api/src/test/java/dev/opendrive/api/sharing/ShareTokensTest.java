package dev.opendrive.api.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The unlock token's rules without a server: its link, its password stamp, its expiry, its signature. */
class ShareTokensTest {

    private final ShareTokens tokens = new ShareTokens(() -> "0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void aTokenOpensItsLinkUntilItExpiresOrThePasswordChanges() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        String token = tokens.issue("share-a", "stamp-1", now.plusSeconds(3600));
        assertThat(tokens.valid(token, "share-a", "stamp-1", now)).isTrue();
        assertThat(tokens.valid(token, "share-a", "stamp-1", now.plusSeconds(3599))).isTrue();
        assertThat(tokens.valid(token, "share-a", "stamp-1", now.plusSeconds(3600))).as("expired").isFalse();
        assertThat(tokens.valid(token, "share-b", "stamp-1", now)).as("another link").isFalse();
        assertThat(tokens.valid(token, "share-a", "stamp-2", now)).as("a new password").isFalse();
        assertThat(tokens.valid(token, "share-a", null, now)).as("no password any more").isFalse();
        String longer = (now.plusSeconds(999_999).getEpochSecond()) + token.substring(token.indexOf('.'));
        assertThat(tokens.valid(longer, "share-a", "stamp-1", now)).as("an expiry changed by hand").isFalse();
        assertThat(tokens.valid("garbage", "share-a", "stamp-1", now)).isFalse();
        assertThat(tokens.valid("", "share-a", "stamp-1", now)).isFalse();
        assertThat(tokens.valid(null, "share-a", "stamp-1", now)).isFalse();
    }
}
