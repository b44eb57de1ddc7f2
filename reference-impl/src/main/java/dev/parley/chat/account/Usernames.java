package dev.parley.chat.account;

/** The username rule of suite 1 [AC-USER-1]: 1..32 octets of ASCII letters, digits, '_', '-', '.'. */
public final class Usernames {

    public static final int MAX_LENGTH = 32;

    private Usernames() {
    }

    /** Whether {@code name} is a valid username [AC-USER-1]. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code name} or throws a specific error when it breaks [AC-USER-1]. */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid username " + quote(name)
                    + ": 1 to 32 ASCII letters, digits, '_', '-' or '.'");
        }
        return name;
    }

    private static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(name.length(), 40); i++) {
            char c = name.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append(name.length() > 40 ? "...\"" : "\"").toString();
    }
}
