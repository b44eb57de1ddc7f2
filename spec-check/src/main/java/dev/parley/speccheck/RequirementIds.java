package dev.parley.speccheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of requirement ids (spec/conventions.md section 2.1) and how a line cites them (section 2.3):
 * single ids, the compact range {@code TR-LOSS-1..4} and the bracketed range {@code [DG-CTL-5] … [DG-CTL-10]},
 * both of which cite every id from the first number to the last.
 */
public final class RequirementIds {

    /** layer "-" topic *("-" topic) "-" number; a topic is an upper-case letter then letters and digits. */
    public static final String ID = "(?:DG|TR|FR|CH|PM|CF)-[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-[1-9][0-9]*";

    private static final Pattern SINGLE = Pattern.compile("(?<![A-Za-z0-9_-])(" + ID + ")(?![A-Za-z0-9_])");
    private static final Pattern COMPACT_RANGE =
            Pattern.compile("(?<![A-Za-z0-9_-])(" + ID + ")\\.\\.([1-9][0-9]*)(?![0-9])");
    private static final Pattern BRACKET_RANGE =
            Pattern.compile("\\[(" + ID + ")\\]\\s*(?:…|\\.\\.\\.)\\s*\\[(" + ID + ")\\]");
    private static final Pattern WHOLE = Pattern.compile(ID);
    /** Ranges longer than this are not expanded: they are written by mistake, not on purpose. */
    private static final int MAX_RANGE = 64;

    private static final List<String> KEYWORDS = List.of("MUST NOT", "MUST", "REQUIRED", "SHALL NOT", "SHALL",
            "SHOULD NOT", "SHOULD", "NOT RECOMMENDED", "RECOMMENDED", "MAY", "OPTIONAL");
    private static final Pattern KEYWORD = Pattern.compile(
            "\\b(MUST NOT|MUST|REQUIRED|SHALL NOT|SHALL|SHOULD NOT|SHOULD|NOT RECOMMENDED|RECOMMENDED|MAY|OPTIONAL)\\b");

    private RequirementIds() {
    }

    /** True when {@code text} is exactly one requirement id. */
    public static boolean isId(String text) {
        return WHOLE.matcher(text).matches();
    }

    /** Every id the line cites, in order of first appearance, ranges expanded. */
    public static Set<String> citedIn(String line) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = SINGLE.matcher(line);
        while (m.find()) {
            ids.add(m.group(1));
        }
        Matcher c = COMPACT_RANGE.matcher(line);
        while (c.find()) {
            ids.addAll(range(c.group(1), c.group(1).substring(0, c.group(1).lastIndexOf('-') + 1) + c.group(2)));
        }
        Matcher b = BRACKET_RANGE.matcher(line);
        while (b.find()) {
            ids.addAll(range(b.group(1), b.group(2)));
        }
        return ids;
    }

    /** The ids from {@code first} to {@code last} when both share layer and topic, else the two ids. */
    static List<String> range(String first, String last) {
        String stem = first.substring(0, first.lastIndexOf('-') + 1);
        List<String> out = new ArrayList<>();
        out.add(first);
        if (last.startsWith(stem) && last.lastIndexOf('-') + 1 == stem.length()) {
            int from = Integer.parseInt(first.substring(stem.length()));
            int to = Integer.parseInt(last.substring(stem.length()));
            if (to > from && to - from <= MAX_RANGE) {
                for (int n = from + 1; n < to; n++) {
                    out.add(stem + n);
                }
            }
        }
        out.add(last);
        return out;
    }

    /** The BCP 14 key words of the text, strongest first, joined with ", "; "none" when there are none. */
    public static String levelOf(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = KEYWORD.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        if (found.isEmpty()) {
            return "none";
        }
        List<String> ordered = new ArrayList<>();
        for (String k : KEYWORDS) {
            if (found.contains(k)) {
                ordered.add(k);
            }
        }
        return String.join(", ", ordered);
    }

    /** MUST, MUST NOT, REQUIRED, SHALL and SHALL NOT: an absolute requirement. */
    public static boolean isMust(String level) {
        String upper = level.toUpperCase(Locale.ROOT);
        return !upper.contains("WITHDRAWN") && Pattern.compile("\\b(MUST|REQUIRED|SHALL)\\b").matcher(upper).find();
    }

    /** SHOULD, SHOULD NOT and RECOMMENDED. */
    public static boolean isShould(String level) {
        String upper = level.toUpperCase(Locale.ROOT);
        return !upper.contains("WITHDRAWN") && Pattern.compile("\\b(SHOULD|RECOMMENDED)\\b").matcher(upper).find();
    }
}
