package dev.opendrive.searchindexer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventData;

class SearchIndexHandlerTest {

    private final SearchIndexHandler handler = new SearchIndexHandler(null);

    private static FileEvent event(String type, Boolean permanent) {
        return FileEvent.of(type, new FileEventData("65a0c0ffee0000000000abcd", "files/u/f", "text/plain", "u", 1L,
                null, "a.txt", permanent), "test");
    }

    @Test
    void takesTheEventsThatChangeTheIndex() {
        assertThat(handler.name()).isEqualTo("search-indexer");
        assertThat(handler.accepts(event(FileEvent.FILE_UPLOADED, null))).isTrue();
        assertThat(handler.accepts(event(FileEvent.FILE_RESTORED, null))).isTrue();
        assertThat(handler.accepts(event(FileEvent.FILE_RENAMED, null))).isTrue();
        assertThat(handler.accepts(event(FileEvent.FILE_MOVED, null))).isTrue();
        assertThat(handler.accepts(event(FileEvent.FILE_DELETED, true))).isTrue();
        // trashing changes nothing in the index: queries skip trashed files
        assertThat(handler.accepts(event(FileEvent.FILE_DELETED, false))).isFalse();
        assertThat(handler.accepts(FileEvent.of(FileEvent.FOLDER_DELETED, FileEventData.folder("f", "u", true), "t")))
                .isFalse();
        assertThat(handler.accepts(new FileEvent("id", "file.unknown", null, null, null))).isFalse();
    }

    @Test
    void anEventWithoutAUsableFileIdIsUnprocessable() {
        FileEvent bad = FileEvent.of(FileEvent.FILE_UPLOADED,
                new FileEventData("not-an-id", null, null, null, null, null, null, null), "test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.handle(bad))
                .isInstanceOf(dev.opendrive.model.events.UnprocessableEventException.class);
    }
}
