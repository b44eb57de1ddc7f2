package dev.parley.chat.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.Suite1;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerPinsTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("[PM-PIN-1] the first key is pinned and survives a restart through the pin file; a different key is a change")
    void pinsPersist() throws Exception {
        Path file = dir.resolve("peers");
        PeerPins pins = new PeerPins(file, 10);
        assertThat(pins.check("Bob", PeerTestKeys.spki("Bob"))).isEqualTo(PeerPins.Check.FIRST_USE);
        assertThat(pins.check("Bob", PeerTestKeys.spki("Bob"))).isEqualTo(PeerPins.Check.SAME);
        assertThat(Files.readAllLines(file)).containsExactly("Bob " + Suite1.fingerprint(PeerTestKeys.spki("Bob")));
        PeerPins again = new PeerPins(file, 10);
        assertThat(again.check("Bob", PeerTestKeys.spki("Mallory"))).isEqualTo(PeerPins.Check.CHANGED);
        assertThat(again.fingerprint("Bob")).contains(Suite1.fingerprint(PeerTestKeys.spki("Bob")));
    }

    @Test
    @DisplayName("[PM-PIN-1] malformed pin lines are ignored; the store is bounded")
    void malformedAndBounded() throws Exception {
        Path file = dir.resolve("peers");
        Files.write(file, List.of("Bob nothex", "bad name " + "0".repeat(64), "Carol " + "a".repeat(64)));
        PeerPins pins = new PeerPins(file, 2);
        assertThat(pins.fingerprint("Bob")).isEmpty();
        assertThat(pins.fingerprint("Carol")).contains("a".repeat(64));
        assertThat(pins.check("Bob", PeerTestKeys.spki("Bob"))).isEqualTo(PeerPins.Check.FIRST_USE);
        assertThat(pins.check("Alice", PeerTestKeys.spki("Alice"))).isEqualTo(PeerPins.Check.FULL);
    }
}
