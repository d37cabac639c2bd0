package dev.opendrive.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {

    @Test
    void asciiFallbackNeverBreaksOutOfTheQuotedString() {
        assertThat(ContentDisposition.of(false, "a \"b\"; c\\d%.txt"))
                .isEqualTo("inline; filename=\"a _b__ c_d_.txt\"; filename*=UTF-8''a%20%22b%22%3B%20c%5Cd%25.txt");
    }

    @Test
    void unicodeAndRightToLeftNamesAreEncodedPerRfc5987() {
        assertThat(ContentDisposition.of(true, "\u202Egnp.exe"))
                .isEqualTo("attachment; filename=\"_gnp.exe\"; filename*=UTF-8''%E2%80%AEgnp.exe");
        assertThat(ContentDisposition.of(true, "日本.pdf"))
                .isEqualTo("attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf");
    }

    @Test
    void blankNameFallsBack() {
        assertThat(ContentDisposition.of(false, " ")).isEqualTo("inline; filename=\"download\"; filename*=UTF-8''download");
    }
}
