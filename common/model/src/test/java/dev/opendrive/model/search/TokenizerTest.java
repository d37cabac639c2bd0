package dev.opendrive.model.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;


class TokenizerTest {

    @Test
    void lowerCasesAndSplitsOnEverythingButLettersAndDigits() {
        assertThat(Tokenizer.indexTokens("Annual REPORT, 2024-final_draft.pdf"))
                .containsExactly("annual", "report", "2024", "final", "draft", "pdf");
    }

    @Test
    void foldsAccents() {
        assertThat(Tokenizer.indexTokens("Été à Zürich, crème brûlée, Straße, Ærø, naïve"))
                .containsExactly("ete", "zurich", "creme", "brulee", "strasse", "aero", "naive");
        assertThat(Tokenizer.queryTokens("ÉTÉ")).containsExactly("ete");
        // decomposed input (e + combining acute) folds the same way as the composed letter
        assertThat(Tokenizer.indexTokens("cafe\u0301")).containsExactly("cafe");
    }

    @Test
    void splitsCamelCaseAndLetterDigitBoundariesAndKeepsTheWholeWord() {
        assertThat(Tokenizer.indexTokens("reportFinal")).containsExactly("reportfinal", "report", "final");
        assertThat(Tokenizer.indexTokens("user1")).containsExactly("user1", "user", "1");
        assertThat(Tokenizer.indexTokens("XMLHttpRequest")).containsExactly("xmlhttprequest", "xml", "http", "request");
        assertThat(Tokenizer.indexTokens("2024Q1report")).containsExactly("2024q1report", "2024", "1", "report");
        assertThat(Tokenizer.indexTokens("2024")).containsExactly("2024");
        assertThat(Tokenizer.indexTokens("getHTTPResponseCode")).contains("get", "http", "response", "code");
    }

    @Test
    void dropsSingleLettersAndOverlongWordsButKeepsDigits() {
        assertThat(Tokenizer.indexTokens("a b 7 ok")).containsExactly("7", "ok");
        String hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855abcd";
        assertThat(hash.length()).isGreaterThan(Tokenizer.MAX_TOKEN_LENGTH);
        assertThat(Tokenizer.indexTokens("sha " + hash)).doesNotContain(hash).contains("sha");
    }

    @Test
    void queriesKeepWholeWordsDeduplicated() {
        assertThat(Tokenizer.queryTokens("reportFinal report  REPORT")).containsExactly("reportfinal", "report");
        assertThat(Tokenizer.queryTokens(".*(b)[")).isEmpty();
        assertThat(Tokenizer.queryTokens("user1 2024")).containsExactly("user1", "2024");
    }

    @Test
    void keepsOtherScripts() {
        assertThat(Tokenizer.indexTokens("Привет мир Ωmega")).containsExactly("привет", "мир", "ωmega");
    }
}
