package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.chat.StateTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shared comparison of a state machine YAML file (spec/state-machines/) with an implementation's table:
 * both sides are reduced to the same one-line form per row ({@link #row}) and per unlisted rule
 * ({@link #unlistedRule}), and the vocabulary (states, inputs, guards, outputs) to sorted name sets. Used by
 * every *TableMatchesSpecTest / *TablesMatchSpecTest so the layers compare in one way.
 */
public final class MachineYaml {

    private MachineYaml() {
    }

    /** One transition row: "FROM INPUT GUARD-or-- -> TO [OUTPUTS] REQ". */
    public static String row(Object from, Object input, Object guard, Object to, List<?> outputs, String req) {
        return from + " " + input + " " + (guard == null ? "-" : guard) + " -> " + to + " " + outputs + " " + req;
    }

    /** One unlisted rule: "KIND [OUTPUTS] REQ". */
    public static String unlistedRule(String kind, List<?> outputs, String req) {
        return kind + " " + outputs + " " + req;
    }

    /** The YAML's transitions, in order, in the form of {@link #row}. */
    public static List<String> rows(JsonNode machine) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : machine.get("transitions")) {
            out.add(row(t.get("from").asText(), t.get("input").asText(), t.has("guard") ? t.get("guard").asText() : null,
                    t.get("to").asText(), texts(t.get("outputs")), t.get("req").asText()));
        }
        return out;
    }

    /** The YAML's unlisted rules, in the form of {@link #unlistedRule}. */
    public static List<String> unlistedRules(JsonNode machine) {
        List<String> out = new ArrayList<>();
        machine.get("unlisted").fields().forEachRemaining(e -> out.add(
                unlistedRule(e.getKey(), texts(e.getValue().get("outputs")), e.getValue().get("req").asText())));
        return out;
    }

    /** Asserts that the four enums have exactly the names of the YAML's states, inputs, guards and outputs. */
    public static void assertVocabulary(JsonNode machine, Class<? extends Enum<?>> states,
            Class<? extends Enum<?>> inputs, Class<? extends Enum<?>> guards, Class<? extends Enum<?>> outputs) {
        assertThat(enumNames(states)).isEqualTo(keys(machine.get("states")));
        assertThat(enumNames(inputs)).isEqualTo(keys(machine.get("inputs")));
        assertThat(enumNames(guards)).isEqualTo(keys(machine.get("guards")));
        assertThat(enumNames(outputs)).isEqualTo(keys(machine.get("outputs")));
    }

    /**
     * Asserts that a {@link StateTable} (the chat layers' generic table) has exactly the YAML's rows in order, its
     * unlisted rules, and that every unlisted rule keeps the state ("to: same").
     */
    public static void assertRowsMatch(JsonNode machine, StateTable<?, ?, ?, ?> table) {
        List<String> java = new ArrayList<>();
        for (StateTable.Row<?, ?, ?, ?> r : table.rows()) {
            java.add(row(r.from(), r.input(), r.guard(), r.to(), r.outputs(), r.req()));
        }
        assertThat(java).containsExactlyElementsOf(rows(machine));
        List<String> ju = new ArrayList<>();
        table.unlisted().forEach((k, r) -> ju.add(unlistedRule(k, r.outputs(), r.req())));
        assertThat(ju).containsExactlyInAnyOrderElementsOf(unlistedRules(machine));
        machine.get("unlisted").fields()
                .forEachRemaining(e -> assertThat(e.getValue().get("to").asText()).isEqualTo("same"));
    }

    /**
     * Asserts that every input kind of the YAML has an unlisted rule (so the table is total) and that the table
     * gives each input of {@code inputs} the YAML's kind.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void assertTotal(JsonNode machine, StateTable<?, ?, ?, ?> table, Class<? extends Enum<?>> inputs) {
        Set<String> kinds = new TreeSet<>();
        machine.get("inputs").forEach(i -> kinds.add(i.get("kind").asText()));
        assertThat(keys(machine.get("unlisted"))).containsAll(kinds);
        machine.get("inputs").fields().forEachRemaining(e -> {
            for (Enum<?> input : inputs.getEnumConstants()) {
                if (input.name().equals(e.getKey())) {
                    String kind = ((StateTable) table).kindOf((Enum) input);
                    assertThat(kind).as(e.getKey()).isEqualTo(e.getValue().get("kind").asText());
                }
            }
        });
    }

    public static Set<String> keys(JsonNode map) {
        Set<String> out = new TreeSet<>();
        map.fieldNames().forEachRemaining(out::add);
        return out;
    }

    public static Set<String> enumNames(Class<? extends Enum<?>> e) {
        Set<String> out = new TreeSet<>();
        for (Enum<?> c : e.getEnumConstants()) {
            out.add(c.name());
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(o -> out.add(o.asText()));
        return out;
    }
}
