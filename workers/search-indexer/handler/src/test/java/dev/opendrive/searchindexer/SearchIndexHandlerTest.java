package dev.opendrive.searchindexer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventData;
import dev.opendrive.model.events.EventType;
import dev.opendrive.model.events.FileRef;

class SearchIndexHandlerTest {

    private final SearchIndexHandler handler = new SearchIndexHandler(null);

    private static FileEvent event(EventType type, Boolean permanent) {
        return FileEvent.of(EventData.forFile(type, new FileRef("65a0c0ffee0000000000abcd", "files/u/f", "text/plain", "u", 1L, null, "a.txt"), Boolean.TRUE.equals(permanent)), "test");
    }

    @Test
    void takesTheEventsThatChangeTheIndex() {
        assertThat(handler.name()).isEqualTo("search-indexer");
        assertThat(handler.accepts(event(EventType.FILE_UPLOADED, null))).isTrue();
        assertThat(handler.accepts(event(EventType.FILE_RESTORED, null))).isTrue();
        assertThat(handler.accepts(event(EventType.FILE_RENAMED, null))).isTrue();
        assertThat(handler.accepts(event(EventType.FILE_MOVED, null))).isTrue();
        assertThat(handler.accepts(event(EventType.FILE_DELETED, true))).isTrue();
        // trashing changes nothing in the index: queries skip trashed files
        assertThat(handler.accepts(event(EventType.FILE_DELETED, false))).isFalse();
        assertThat(handler.accepts(FileEvent.of(new EventData.FolderDeleted("f", "u", true), "t")))
                .isFalse();
    }

    @Test
    void anEventWithoutAUsableFileIdIsUnprocessable() {
        FileEvent bad = FileEvent.of(EventData.forFile(EventType.FILE_UPLOADED, new FileRef("not-an-id", null, null, null, null, null, null), false), "test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.handle(bad))
                .isInstanceOf(dev.opendrive.model.events.UnprocessableEventException.class);
    }
}
