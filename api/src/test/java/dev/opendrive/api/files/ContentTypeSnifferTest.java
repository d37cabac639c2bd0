package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class ContentTypeSnifferTest {

    final ContentTypeSniffer sniffer = new ContentTypeSniffer();

    String sniff(byte[] bytes, String name) throws Exception {
        return sniffer.sniff(new BufferedInputStream(new ByteArrayInputStream(bytes)), name);
    }

    @Test
    void bytesDecideNotTheName() throws Exception {
        byte[] png = HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452");
        assertThat(sniff(png, "holiday.txt")).isEqualTo("image/png");
        assertThat(sniff(HexFormat.of().parseHex("ffd8ffe000104a464946"), "x.bin")).isEqualTo("image/jpeg");
        assertThat(sniff("%PDF-1.7\n".getBytes(), "x.png")).isEqualTo("application/pdf");
        assertThat(sniff("<!DOCTYPE html><html><body>".getBytes(), "x.jpg")).isEqualTo("text/html");
    }

    @Test
    void textUsesTheNameToTellFormatsApart() throws Exception {
        assertThat(sniff("a,b\n1,2\n".getBytes(), "data.csv")).isEqualTo("text/csv");
        assertThat(sniff("hello".getBytes(), "notes.txt")).isEqualTo("text/plain");
    }

    @Test
    void activeContentTypes() {
        assertThat(ContentTypeSniffer.isActiveContent("text/html; charset=utf-8")).isTrue();
        assertThat(ContentTypeSniffer.isActiveContent("image/svg+xml")).isTrue();
        assertThat(ContentTypeSniffer.isActiveContent("application/xhtml+xml")).isTrue();
        assertThat(ContentTypeSniffer.isActiveContent("image/png")).isFalse();
        assertThat(ContentTypeSniffer.isActiveContent("application/pdf")).isFalse();
        assertThat(ContentTypeSniffer.isActiveContent(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).isFalse();
    }
}
