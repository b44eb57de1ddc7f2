package dev.parley.client;

import dev.parley.chat.ChatError;
import dev.parley.chat.peer.PeerMessaging.SendResult;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive front end of {@code parley client}: one JLine prompt with line editing, an in-memory history
 * and Tab completion of commands and online user names; what arrives meanwhile (messages, receipts, alarms) is
 * printed above the line being typed without disturbing it. Every failure is one line.
 */
public final class Shell implements ChatClient.Events {
    /** How long {@code list} and {@code fingerprint} wait for the server before the prompt comes back. */
    static final long ANSWER_TIMEOUT_MS = 15_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Terminal terminal;
    private final LineReader reader;
    private volatile List<String> onlineUsers = List.of();
    private volatile ChatClient client;
    private volatile String endedBecause;

    public Shell(Terminal terminal) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("parley")
                .completer(new NamesCompleter())
                .variable(LineReader.HISTORY_SIZE, 1000)
                .build();
    }

    /** Reads a password without echo, or null at end of input. */
    public static char[] readPassword(Terminal terminal, String prompt) {
        LineReader once = LineReaderBuilder.builder().terminal(terminal).appName("parley-password").build();
        try {
            return once.readLine(prompt, NO_ECHO).toCharArray();
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    /** JLine's mask that shows nothing while typing. */
    private static final Character NO_ECHO = '\0';

    /** A line above the prompt; safe from any thread. */
    public void say(String line) {
        reader.printAbove(line);
    }

    /** Runs the prompt until quit, end of input or the end of the session; the exit status. */
    public int run(ChatClient chat) {
        this.client = chat;
        say("logged in as " + chat.username() + "; type help for the commands, Tab to complete");
        if (!chat.messagingAvailable()) {
            say("note: end-to-end messaging is not available in this build; list and fingerprint work, send does not");
        }
        listUsers();
        String prompt = chat.username() + "> ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                if (endedBecause != null) {
                    return 1;
                }
                continue; // Ctrl-C drops the line being typed
            } catch (EndOfFileException e) {
                chat.quit();
                return 0;
            }
            if (endedBecause != null) {
                return 1;
            }
            if (!handle(ShellCommand.parse(line))) {
                chat.quit();
                say("bye");
                return 0;
            }
        }
    }

    /** Carries out one command; false on quit. */
    boolean handle(ShellCommand command) {
        if (command instanceof ShellCommand.Quit) {
            return false;
        } else if (command instanceof ShellCommand.Bad b) {
            say(b.reason());
        } else if (command instanceof ShellCommand.Help) {
            ShellCommand.help().forEach(this::say);
        } else if (command instanceof ShellCommand.ListUsers) {
            listUsers();
        } else if (command instanceof ShellCommand.Fingerprint f) {
            fingerprint(f.user());
        } else if (command instanceof ShellCommand.Send s) {
            send(s.recipients(), s.text());
        }
        return true;
    }

    private void listUsers() {
        try {
            List<String> users = client.list().get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            onlineUsers = List.copyOf(users);
            say("online: " + String.join(", ", users));
        } catch (java.util.concurrent.TimeoutException e) {
            say("list: no answer from the server within " + ANSWER_TIMEOUT_MS / 1000 + " s");
        } catch (Exception e) {
            say("list: " + Describe.failure(e));
        }
    }

    private void fingerprint(String user) {
        try {
            Optional<ChatClient.KeyInfo> key = client.fingerprint(user).get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (key.isEmpty()) {
                say("fingerprint: " + user + " is not online and no key is pinned for them");
                return;
            }
            ChatClient.KeyInfo k = key.get();
            String source = switch (k.source()) {
                case "own" -> "your key";
                case "pinned" -> "pinned";
                default -> "as the server gives it; not pinned yet";
            };
            say(k.user() + " " + k.fingerprint() + " (" + source + ")");
        } catch (java.util.concurrent.TimeoutException e) {
            say("fingerprint: no answer from the server within " + ANSWER_TIMEOUT_MS / 1000 + " s");
        } catch (Exception e) {
            say("fingerprint: " + Describe.failure(e));
        }
    }

    private void send(List<String> recipients, String text) {
        client.send(recipients, text).whenComplete((results, failure) -> {
            if (failure != null) {
                say("send: " + Describe.failure(failure));
                return;
            }
            for (SendResult r : results) {
                say(Describe.sendResult(r));
            }
        });
    }

    @Override
    public void onMessage(String sender, String text, long sentAtMs) {
        say("[" + CLOCK.format(Instant.ofEpochMilli(sentAtMs)) + "] " + sender + ": " + text);
    }

    @Override
    public void onKeyChanged(String user, String pinnedFingerprint, String presentedFingerprint) {
        say("WARNING: " + user + "'s key has CHANGED: pinned " + pinnedFingerprint + ", now presented "
                + presentedFingerprint + "; nothing is sent to or accepted from " + user + " under the new key");
    }

    @Override
    public void onEnded(ChatError error) {
        if (client == null) {
            return; // a failed login: the caller prints why
        }
        endedBecause = Describe.sessionEnded(error);
        say(endedBecause);
        terminal.raise(Terminal.Signal.INT); // wakes the prompt, which then leaves
    }

    /** Commands first; after {@code send} and {@code fingerprint}, the online users (refreshed by {@code list}). */
    private final class NamesCompleter implements Completer {
        @Override
        public void complete(LineReader r, ParsedLine line, List<Candidate> candidates) {
            if (line.wordIndex() == 0) {
                for (String c : ShellCommand.NAMES) {
                    candidates.add(new Candidate(c));
                }
                return;
            }
            if (line.wordIndex() != 1) {
                return;
            }
            String command = line.words().get(0);
            if (command.equals("send")) {
                String word = line.word();
                int comma = word.lastIndexOf(',');
                String before = word.substring(0, comma + 1);
                List<String> chosen = new ArrayList<>(List.of(before.split(",")));
                for (String u : onlineUsers) {
                    if (!chosen.contains(u)) {
                        candidates.add(new Candidate(before + u, u, null, null, null, null, true));
                    }
                }
            } else if (command.equals("fingerprint")) {
                for (String u : onlineUsers) {
                    candidates.add(new Candidate(u));
                }
            }
        }
    }
}
