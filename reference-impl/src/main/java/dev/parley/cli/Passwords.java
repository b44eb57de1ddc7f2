package dev.parley.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Where the account commands get passwords [AC-CLI-3]: prompted on the terminal without echo, or one
 * line of standard input with {@code --password-stdin}; never from the command line.
 */
final class Passwords {

    /** Longest line read from standard input, in octets (a password is at most 1024 octets of UTF-8). */
    static final int MAX_LINE = 4096;

    private final InputStream stdin;
    /** Reads a password without echo after showing a prompt; null when there is no terminal. */
    private final Function<String, char[]> terminal;

    Passwords(InputStream stdin, Function<String, char[]> terminal) {
        this.stdin = stdin;
        this.terminal = terminal;
    }

    static Passwords system() {
        Console console = System.console();
        return new Passwords(System.in, console == null ? null : prompt -> console.readPassword("%s", prompt));
    }

    /** A bad password source or entry: a one-line message, usage exit status. */
    static final class BadPassword extends Exception {
        BadPassword(String message) {
            super(message);
        }
    }

    /**
     * The new password of {@code username}: the first line of standard input, or typed twice on the
     * terminal. Empty passwords and entries that differ are refused.
     */
    char[] read(String username, boolean fromStdin) throws BadPassword {
        if (fromStdin) {
            char[] pw = readLine();
            if (pw.length == 0) {
                throw new BadPassword("empty password on standard input");
            }
            return pw;
        }
        if (terminal == null) {
            throw new BadPassword("no terminal to prompt for the password; use --password-stdin");
        }
        char[] first = terminal.apply("New password for " + username + ": ");
        char[] second = terminal.apply("Repeat the password: ");
        try {
            if (first == null || second == null) {
                throw new BadPassword("no password entered");
            }
            if (first.length == 0) {
                throw new BadPassword("empty password");
            }
            if (!Arrays.equals(first, second)) {
                throw new BadPassword("the two passwords differ");
            }
            return first.clone();
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    /** One line of standard input without its line end (LF or CRLF), strictly UTF-8. */
    private char[] readLine() throws BadPassword {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = stdin.read()) >= 0 && b != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new BadPassword("the password line on standard input is longer than " + MAX_LINE + " octets");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new BadPassword("cannot read standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            char[] pw = new char[chars.remaining()];
            chars.get(pw);
            return pw;
        } catch (CharacterCodingException e) {
            throw new BadPassword("the password on standard input is not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
