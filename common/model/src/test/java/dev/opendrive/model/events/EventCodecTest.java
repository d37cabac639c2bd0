package dev.opendrive.model.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.events.EventData.FileDeleted;
import dev.opendrive.model.events.EventData.FileUploaded;
import dev.opendrive.model.events.EventData.FolderDeleted;

/** The envelope on the topic is the old service's, byte for byte, and reads back to the same typed event. */
class EventCodecTest {

    private static final FileRef FILE = new FileRef("65a0c0ffee0000000000abcd", "files/u/f", "image/png", "u1", 42L,
            null, "a.png");

    @Test
    void anUploadIsWrittenAsTheOldServiceWroteIt() {
        FileEvent event = new FileEvent("e1", new FileUploaded(FILE), "2026-01-01T00:00:00Z", "opendrive-api");
        assertThat(EventCodec.encode(event)).isEqualTo("{\"id\":\"e1\",\"event\":\"file.uploaded\",\"data\":{"
                + "\"fileId\":\"65a0c0ffee0000000000abcd\",\"path\":\"files/u/f\",\"mimetype\":\"image/png\","
                + "\"userId\":\"u1\",\"size\":42,\"name\":\"a.png\"},\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"service\":\"opendrive-api\"}");
    }

    @Test
    void deletionsCarryPermanentAndFolderEventsTheirFolder() {
        assertThat(EventCodec.encode(new FileEvent("e2", new FileDeleted(FILE, true), "t", "s")))
                .contains("\"event\":\"file.deleted\"").contains("\"permanent\":true");
        assertThat(EventCodec.encode(new FileEvent("e3", new FolderDeleted("f1", "u1", false), "t", "s")))
                .isEqualTo("{\"id\":\"e3\",\"event\":\"folder.deleted\",\"data\":{\"userId\":\"u1\",\"folderId\":\"f1\","
                        + "\"permanent\":false},\"timestamp\":\"t\",\"service\":\"s\"}");
    }

    @Test
    void everyTypeReadsBackToTheSameEvent() throws Exception {
        for (EventType type : EventType.values()) {
            EventData data = type == EventType.FOLDER_DELETED ? new FolderDeleted("f1", "u1", true)
                    : EventData.forFile(type, FILE, true);
            FileEvent event = FileEvent.of(data, "test");
            assertThat(EventCodec.decode(EventCodec.encode(event))).as(type.wire()).contains(event);
        }
    }

    @Test
    void anEventOfATypeThisVersionDoesNotKnowIsSkippedNotRefused() throws Exception {
        assertThat(EventCodec.decode("{\"id\":\"x\",\"event\":\"file.shared\",\"data\":{\"fileId\":\"a\"}}")).isEmpty();
    }

    @Test
    void garbageIsRefusedAsUnprocessable() {
        for (String poison : new String[] {"not json", "[]", "{\"event\":\"file.uploaded\"}", "{\"data\":{}}", " "}) {
            assertThatThrownBy(() -> EventCodec.decode(poison)).as(poison).isInstanceOf(UnprocessableEventException.class);
        }
    }
}
