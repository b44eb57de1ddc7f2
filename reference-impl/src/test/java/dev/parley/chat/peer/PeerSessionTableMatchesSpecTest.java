package dev.parley.chat.peer;

import dev.parley.chat.StateTable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/** The implementation's one peer-session table is the YAML machine, row for row [PM-SM-2]. */
class PeerSessionTableMatchesSpecTest {

    private static StateTable<?, ?, ?, ?> table(String machine) {
        return PeerSessionTable.TABLE;
    }

    private static Class<?>[] enums(String machine) {
        return new Class<?>[] {PeerSessionTable.State.class, PeerSessionTable.Input.class, PeerSessionTable.Guard.class,
            PeerSessionTable.Output.class};
    }

    private static Set<String> names(Class<?> e) {
        Set<String> s = new TreeSet<>();
        for (Object c : e.getEnumConstants()) {
            s.add(((Enum<?>) c).name());
        }
        return s;
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer-messaging"})
    @DisplayName("[PM-SM-2] states, inputs, guards and outputs are the YAML's")
    void vocabularyMatches(String machine) throws Exception {
        JsonNode m = PeerDiagram.load(machine);
        Class<?>[] e = enums(machine);
        assertThat(names(e[0])).isEqualTo(keys(m.get("states")));
        assertThat(names(e[1])).isEqualTo(keys(m.get("inputs")));
        assertThat(names(e[2])).isEqualTo(keys(m.get("guards")));
        assertThat(names(e[3])).isEqualTo(keys(m.get("outputs")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer-messaging"})
    @DisplayName("[PM-SM-2] every row and every unlisted rule is the YAML's, in order")
    void rowsMatch(String machine) throws Exception {
        JsonNode m = PeerDiagram.load(machine);
        List<String> yaml = new ArrayList<>();
        for (JsonNode t : m.get("transitions")) {
            List<String> outs = new ArrayList<>();
            t.get("outputs").forEach(o -> outs.add(o.asText()));
            yaml.add(t.get("from").asText() + " " + t.get("input").asText() + " "
                    + (t.has("guard") ? t.get("guard").asText() : "-") + " -> " + t.get("to").asText() + " " + outs
                    + " " + t.get("req").asText());
        }
        List<String> java = new ArrayList<>();
        for (StateTable.Row<?, ?, ?, ?> r : table(machine).rows()) {
            java.add(r.from() + " " + r.input() + " " + (r.guard() == null ? "-" : r.guard()) + " -> " + r.to() + " "
                    + r.outputs() + " " + r.req());
        }
        assertThat(java).containsExactlyElementsOf(yaml);
        List<String> yu = new ArrayList<>();
        m.get("unlisted").fields().forEachRemaining(e -> {
            List<String> outs = new ArrayList<>();
            e.getValue().get("outputs").forEach(o -> outs.add(o.asText()));
            yu.add(e.getKey() + " " + outs + " " + e.getValue().get("req").asText());
        });
        List<String> ju = new ArrayList<>();
        table(machine).unlisted().forEach((k, r) -> ju.add(k + " " + r.outputs() + " " + r.req()));
        assertThat(ju).containsExactlyInAnyOrderElementsOf(yu);
        m.get("unlisted").fields().forEachRemaining(e -> assertThat(e.getValue().get("to").asText()).isEqualTo("same"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer-messaging"})
    @DisplayName("[PM-SM-2] every input's kind has an unlisted rule, so the table is total")
    void tableIsTotal(String machine) throws Exception {
        JsonNode m = PeerDiagram.load(machine);
        Set<String> kinds = new TreeSet<>();
        m.get("inputs").forEach(i -> kinds.add(i.get("kind").asText()));
        assertThat(keys(m.get("unlisted"))).containsAll(kinds);
        StateTable<?, ?, ?, ?> t = table(machine);
        m.get("inputs").fields().forEachRemaining(e -> {
            for (Object input : enums(machine)[1].getEnumConstants()) {
                if (((Enum<?>) input).name().equals(e.getKey())) {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    String kind = ((StateTable) t).kindOf((Enum) input);
                    assertThat(kind).as(e.getKey()).isEqualTo(e.getValue().get("kind").asText());
                }
            }
        });
    }
}
