package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the interactive shell makes of a typed line. */
class ShellCommandTest {

    @Test
    @DisplayName("send takes one name or a comma list, then the rest of the line verbatim as the message")
    void sendKeepsTheMessageVerbatim() {
        assertThat(ShellCommand.parse("send Bob hello  there, Bob!"))
                .isEqualTo(new ShellCommand.Send(List.of("Bob"), "hello  there, Bob!"));
        assertThat(ShellCommand.parse("  send Bob,Charlie hi ")).isEqualTo(new ShellCommand.Send(List.of("Bob", "Charlie"), "hi"));
    }

    @Test
    @DisplayName("a send without a message or with an empty name between commas is its usage line")
    void badSendIsUsage() {
        assertThat(ShellCommand.parse("send")).isEqualTo(new ShellCommand.Bad(ShellCommand.SEND_USAGE));
        assertThat(ShellCommand.parse("send Bob")).isEqualTo(new ShellCommand.Bad(ShellCommand.SEND_USAGE));
        assertThat(ShellCommand.parse("send Bob,,Eve hi")).isInstanceOf(ShellCommand.Bad.class);
        assertThat(ShellCommand.parse("send Bob, hi")).isInstanceOf(ShellCommand.Bad.class);
    }

    @Test
    @DisplayName("list, fingerprint [user], help, quit and exit; anything else is one line naming it")
    void otherCommands() {
        assertThat(ShellCommand.parse("list")).isEqualTo(new ShellCommand.ListUsers());
        assertThat(ShellCommand.parse("list now")).isEqualTo(new ShellCommand.Bad("usage: list"));
        assertThat(ShellCommand.parse("fingerprint")).isEqualTo(new ShellCommand.Fingerprint(null));
        assertThat(ShellCommand.parse("fingerprint Bob")).isEqualTo(new ShellCommand.Fingerprint("Bob"));
        assertThat(ShellCommand.parse("help")).isEqualTo(new ShellCommand.Help());
        assertThat(ShellCommand.parse("quit")).isEqualTo(new ShellCommand.Quit());
        assertThat(ShellCommand.parse("exit")).isEqualTo(new ShellCommand.Quit());
        assertThat(ShellCommand.parse("   ")).isEqualTo(new ShellCommand.Empty());
        assertThat(ShellCommand.parse("frobnicate x"))
                .isEqualTo(new ShellCommand.Bad("unknown command 'frobnicate'; type help for the commands"));
    }
}
