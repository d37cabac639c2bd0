package dev.opendrive.api.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Paths below /dav/ both ways, and the If header grammar: what clients send and get back. */
class DavPathTest {

    @Test
    void segmentsArePercentDecodedOneByOneAsUtf8() {
        assertThat(DavPath.ofRawPath("/dav/Docs%20%26%20Notes/rapport%20%C3%A9t%C3%A9.txt").get().segments())
                .containsExactly("Docs & Notes", "rapport été.txt");
        assertThat(DavPath.ofRawPath("/dav/a%2Fb").get().segments()).as("an encoded slash stays in the name")
                .containsExactly("a/b");
        assertThat(DavPath.ofRawPath("/dav").get().isRoot()).isTrue();
        assertThat(DavPath.ofRawPath("/dav/").get().isRoot()).isTrue();
        assertThat(DavPath.ofRawPath("/dav/a/./b/../c/").get().segments()).containsExactly("a", "c");
    }

    @Test
    void pathsThatLeaveTheDriveOrAreNotUtf8AreRefused() {
        assertThat(DavPath.ofRawPath("/dav/../api")).isEmpty();
        assertThat(DavPath.ofRawPath("/dav/%2e%2e/x")).isEmpty();
        assertThat(DavPath.ofRawPath("/dav/%C3")).as("a truncated UTF-8 sequence").isEmpty();
        assertThat(DavPath.ofRawPath("/dav/%zz")).isEmpty();
        assertThat(DavPath.ofRawPath("/davx/a")).isEmpty();
        assertThat(DavPath.ofRawPath("/api/files")).isEmpty();
    }

    @Test
    void hrefsEncodeWhatIsNotAllowedInASegment() {
        DavPath p = new DavPath(List.of("Docs & Notes", "50% été #1?.txt"));
        assertThat(p.href(false)).isEqualTo("/dav/Docs%20&%20Notes/50%25%20%C3%A9t%C3%A9%20%231%3F.txt");
        assertThat(p.parent().href(true)).isEqualTo("/dav/Docs%20&%20Notes/");
        assertThat(DavPath.ofRawPath(p.href(false)).get()).isEqualTo(p);
        assertThat(DavPath.ROOT.href(true)).isEqualTo("/dav/");
    }

    @Test
    void destinationsAreAbsoluteUrisOrPathsBelowDav() {
        assertThat(DavPath.ofDestination("http://other.example:8080/dav/a/b%20c").get().segments())
                .containsExactly("a", "b c");
        assertThat(DavPath.ofDestination("/dav/x").get().segments()).containsExactly("x");
        assertThat(DavPath.ofDestination("http://h/api/files")).isEmpty();
        assertThat(DavPath.ofDestination("not a uri")).isEmpty();
        assertThat(DavPath.ofDestination(null)).isEmpty();
    }

    @Test
    void withinComparesNamesCaseInsensitively() {
        DavPath a = DavPath.ofRawPath("/dav/Docs/x").get();
        assertThat(a.within(DavPath.ofRawPath("/dav/docs").get())).isTrue();
        assertThat(a.within(DavPath.ofRawPath("/dav/doc").get())).isFalse();
        assertThat(a.key()).isEqualTo("docs/x");
    }

    @Test
    void ifHeadersParseTaggedAndUntaggedListsWithNotAndEntityTags() throws Exception {
        IfHeader h = IfHeader.parse("<http://h/dav/a> (<opaquelocktoken:1> [\"e1\"]) (Not <DAV:no-lock>)").get();
        assertThat(h.lists()).hasSize(2);
        assertThat(h.lists().get(0).resource()).isEqualTo("http://h/dav/a");
        assertThat(h.lists().get(0).conditions()).containsExactly(
                new IfHeader.Condition(false, "opaquelocktoken:1", null), new IfHeader.Condition(false, null, "\"e1\""));
        assertThat(h.lists().get(1).conditions()).containsExactly(new IfHeader.Condition(true, "DAV:no-lock", null));
        assertThat(h.tokens()).containsExactly("opaquelocktoken:1", "DAV:no-lock");
        assertThat(IfHeader.parse(null)).isEqualTo(Optional.empty());
        for (String bad : List.of("(", "()", "(<a>", "x", "(<a> [\"e)", "<a>")) {
            assertThatThrownBy(() -> IfHeader.parse(bad)).as(bad).isInstanceOf(IfHeader.Malformed.class);
        }
    }

    @Test
    void timeoutsAreCapped() {
        assertThat(DavLocks.timeout(null)).isEqualTo(DavLocks.DEFAULT_TIMEOUT_SECONDS);
        assertThat(DavLocks.timeout("Second-30")).isEqualTo(30);
        assertThat(DavLocks.timeout("Infinite, Second-30")).isEqualTo(DavLocks.MAX_TIMEOUT_SECONDS);
        assertThat(DavLocks.timeout("Second-99999999")).isEqualTo(DavLocks.MAX_TIMEOUT_SECONDS);
        assertThat(DavLocks.timeout("bogus")).isEqualTo(DavLocks.DEFAULT_TIMEOUT_SECONDS);
    }
}
