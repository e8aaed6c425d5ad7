package dev.fanout.core.copy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import dev.fanout.core.text.SafeNames;

/** Which remote names are used as they are, and which names are fanout's own temporary files. */
class NamesTest {

    @Test
    void everyPosixNameButTheSeparatorNulAndTheDotsIsAPlainEntryName() {
        for (String valid : new String[]{"back\\slash", "a b", "-rf", ".hidden", "...", "caf\u00e9", "tab\there"}) {
            assertThat(SafeNames.isPlainEntryName(valid)).as(valid).isTrue();
        }
        for (String unsafe : new String[]{"", ".", "..", "a/b", "/", "nul\0byte"}) {
            assertThat(SafeNames.isPlainEntryName(unsafe)).as(unsafe).isFalse();
        }
    }

    @Test
    void hostNamesAreStillMadeSafeAsOneComponent() {
        assertThat(SafeNames.component("back\\slash")).isEqualTo("back_slash");
        assertThat(SafeNames.component("..")).isEqualTo("_..");
    }

    @Test
    void onlyTheTemporarySiblingPatternIsATemporaryName() {
        String temporary = RemotePaths.baseName(RemotePaths.temporarySibling("/srv/app.conf", "0123abcd"));

        assertThat(temporary).isEqualTo(".app.conf.fanout-0123abcd.tmp");
        assertThat(RemotePaths.isTemporaryName(temporary)).isTrue();
        for (String other : new String[]{"app.conf.fanout-0123abcd.tmp", ".app.conf.fanout-0123ABCD.tmp",
                ".app.conf.fanout-0123abc.tmp", ".app.conf.fanout-0123abcd.tmp.bak", ".fanout-0123abcd.tmp",
                ".app.conf.fanout.tmp", ".notes.tmp"}) {
            assertThat(RemotePaths.isTemporaryName(other)).as(other).isFalse();
        }
    }

    @Test
    void theParentOfARemotePathIsItsDirectory() {
        assertThat(RemotePaths.parent("/srv/app.conf")).isEqualTo("/srv");
        assertThat(RemotePaths.parent("/srv/")).isEqualTo("/");
        assertThat(RemotePaths.parent("app.conf")).isEqualTo(".");
        assertThat(RemotePaths.parent("dir/app.conf")).isEqualTo("dir");
    }
}
