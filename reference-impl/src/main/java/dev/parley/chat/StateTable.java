package dev.parley.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One role's transition table, row for row as in its spec/state-machines/*.yaml [CH-SM-2]: rows are tried in
 * order for a (state, input) pair, a guarded row applies when its guard holds, and a pair with no row follows
 * the unlisted rule of its input's kind, so the machine is total.
 */
public final class StateTable<S extends Enum<S>, I extends Enum<I>, G extends Enum<G>, O extends Enum<O>> {
    /** One transition; {@code guard} may be null; {@code to} null means "same state". */
    public record Row<S, I, G, O>(S from, I input, G guard, S to, List<O> outputs, String req) {
    }

    private final List<Row<S, I, G, O>> rows = new ArrayList<>();
    private final Map<String, Row<S, I, G, O>> unlisted;
    private final Function<I, String> kindOf;

    public StateTable(Function<I, String> kindOf, Map<String, Row<S, I, G, O>> unlisted) {
        this.kindOf = kindOf;
        this.unlisted = unlisted;
    }

    @SafeVarargs
    public final StateTable<S, I, G, O> row(S from, I input, G guard, S to, String req, O... outputs) {
        rows.add(new Row<>(from, input, guard, to, List.of(outputs), req));
        return this;
    }

    public List<Row<S, I, G, O>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public Map<String, Row<S, I, G, O>> unlisted() {
        return unlisted;
    }

    public String kindOf(I input) {
        return kindOf.apply(input);
    }

    /** The row that applies; never null (the unlisted rule of the input's kind otherwise). */
    public Row<S, I, G, O> lookup(S state, I input, Set<G> holding) {
        for (Row<S, I, G, O> r : rows) {
            if (r.from() == state && r.input() == input && (r.guard() == null || holding.contains(r.guard()))) {
                return r;
            }
        }
        Row<S, I, G, O> u = unlisted.get(kindOf.apply(input));
        if (u == null) {
            throw new IllegalStateException("no unlisted rule for " + input);
        }
        return new Row<>(state, input, null, state, u.outputs(), u.req());
    }
}
