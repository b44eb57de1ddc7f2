package dev.parley.speccheck;

import dev.parley.speccheck.RepositoryScan.Citation;
import dev.parley.speccheck.RepositoryScan.Definition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rule of spec/conventions.md section 2.4: every id cited anywhere is defined exactly once in spec/, and the
 * allow-list holds only ids whose offence is still there, so that it shrinks to zero. Each offence is one line
 * that names the id, what is wrong, and the places to look at.
 */
public final class RequirementsCheck {

    private static final int SHOWN_CITATIONS = 5;

    private RequirementsCheck() {
    }

    /** The chapter (path under spec/) that defines the id: its index row's file, else its rule's file. */
    public static String chapterOf(List<Definition> defs) {
        return defs.stream().filter(d -> d.kind() == Definition.Kind.INDEX_ROW).findFirst()
                .or(() -> defs.stream().findFirst()).map(Definition::path).orElseThrow();
    }

    /** The level of a defined id: its index row's keyword cell, else the key words of its rule. */
    public static String levelOf(List<Definition> defs) {
        return defs.stream().filter(d -> d.kind() == Definition.Kind.INDEX_ROW).findFirst()
                .or(() -> defs.stream().findFirst()).map(Definition::level).orElseThrow();
    }

    /** Every offence, one message each, sorted by id; empty when the repository follows the rule. */
    public static List<String> offences(RepositoryScan scan, Map<String, String> allowList) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>(scan.citations().keySet());
        ids.addAll(scan.definitions().keySet());
        ids.addAll(allowList.keySet());
        for (String id : ids) {
            List<Definition> defs = scan.definitions().getOrDefault(id, List.of());
            List<Citation> cited = scan.citations().getOrDefault(id, List.of());
            boolean allowed = allowList.containsKey(id);
            String offence = offence(id, defs, cited);
            if (offence != null && !allowed) {
                out.put(id, offence);
            } else if (offence == null && allowed) {
                out.put(id, id + " is listed in " + RepositoryScan.ALLOW_LIST + " but is no longer an offence ("
                        + (cited.isEmpty() && defs.isEmpty() ? "cited nowhere" : "defined at " + defs)
                        + "): remove it from the allow-list.");
            }
        }
        return new ArrayList<>(out.values());
    }

    /** What is wrong with one id, or null when it is cited and defined exactly once (or neither). */
    static String offence(String id, List<Definition> defs, List<Citation> cited) {
        List<Definition> rows = defs.stream().filter(d -> d.kind() == Definition.Kind.INDEX_ROW).toList();
        List<Definition> rules = defs.stream().filter(d -> d.kind() == Definition.Kind.RULE).toList();
        Set<String> chapters = defs.stream().map(Definition::path).collect(Collectors.toCollection(TreeSet::new));
        if (defs.isEmpty()) {
            return cited.isEmpty() ? null : id + " is cited but defined nowhere in spec/; cited at " + shown(cited)
                    + ". Define it (a list item starting with [" + id + "] or a row of its chapter's requirements"
                    + " index), or correct the citation.";
        }
        if (rows.size() > 1) {
            return id + " has " + rows.size() + " requirements-index rows: " + rows + "; keep one.";
        }
        if (chapters.size() > 1) {
            return id + " is defined in more than one chapter: " + defs + "; define it in one.";
        }
        if (rules.size() > 1) {
            return id + " starts " + rules.size() + " rules: " + rules
                    + "; an id names one requirement (give the others new ids).";
        }
        if (rows.size() == 1 && rules.isEmpty() && !citedInChapterText(cited, rows.get(0))) {
            return id + " has an index row at " + rows.get(0) + " but its chapter's text never cites it:"
                    + " add the id to the rule it summarises.";
        }
        return null;
    }

    private static boolean citedInChapterText(List<Citation> cited, Definition row) {
        return cited.stream().anyMatch(c -> c.path().equals(row.path()) && c.line() != row.line());
    }

    private static String shown(List<Citation> cited) {
        String first = cited.stream().limit(SHOWN_CITATIONS).map(Citation::toString).collect(Collectors.joining(", "));
        return cited.size() > SHOWN_CITATIONS ? first + " and " + (cited.size() - SHOWN_CITATIONS) + " more" : first;
    }
}
