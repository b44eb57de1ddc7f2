package dev.parley.client;

import java.util.Arrays;
import java.util.List;

/** One line typed in the interactive shell, parsed; a line that is not a command is a {@link Bad} with its one-line reason. */
public sealed interface ShellCommand {
    /** The shell's commands, in the order {@code help} lists them. */
    List<String> NAMES = List.of("list", "send", "fingerprint", "help", "quit");

    String SEND_USAGE = "usage: send <user>[,<user>...] <message>";

    record Empty() implements ShellCommand {
    }

    record ListUsers() implements ShellCommand {
    }

    record Send(List<String> recipients, String text) implements ShellCommand {
    }

    /** {@code user} null: this user's own key. */
    record Fingerprint(String user) implements ShellCommand {
    }

    record Help() implements ShellCommand {
    }

    record Quit() implements ShellCommand {
    }

    record Bad(String reason) implements ShellCommand {
    }

    static ShellCommand parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new Empty();
        }
        String[] head = trimmed.split("\\s+", 2);
        String rest = head.length > 1 ? head[1] : "";
        switch (head[0]) {
            case "list":
                return rest.isEmpty() ? new ListUsers() : new Bad("usage: list");
            case "send": {
                String[] parts = rest.split("\\s+", 2);
                if (parts.length < 2 || parts[0].isEmpty() || parts[1].isBlank()) {
                    return new Bad(SEND_USAGE);
                }
                List<String> recipients = Arrays.asList(parts[0].split(",", -1));
                if (recipients.contains("")) {
                    return new Bad(SEND_USAGE + " (no spaces or empty names between the commas)");
                }
                return new Send(recipients, parts[1]);
            }
            case "fingerprint":
                if (rest.isEmpty()) {
                    return new Fingerprint(null);
                }
                return rest.contains(" ") ? new Bad("usage: fingerprint [user]") : new Fingerprint(rest);
            case "help":
                return new Help();
            case "quit":
            case "exit":
                return new Quit();
            default:
                return new Bad("unknown command '" + head[0] + "'; type help for the commands");
        }
    }

    /** What {@code help} prints. */
    static List<String> help() {
        return List.of(
                "list                              who is online",
                "send <user> <message>             send a message end to end (receipts are shown when they come)",
                "send <user1>,<user2> <message>    the same message to several users",
                "fingerprint [user]                your key's fingerprint, or a user's (pinned, or as the server gives it)",
                "help                              this list",
                "quit                              log out and leave (also Ctrl-D)",
                "Tab completes commands and the names of online users (refreshed by list); Up/Down recall earlier lines.");
    }
}
