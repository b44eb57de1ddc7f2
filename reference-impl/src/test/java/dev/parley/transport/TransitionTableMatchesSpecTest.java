package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reference implementation's one transition table is the specified machine [TR-SM-1]. */
class TransitionTableMatchesSpecTest {

    @Test
    @DisplayName("[TR-SM-1] TransitionTable has exactly the rows of transport-connection.yaml, in order")
    void tableEqualsYaml() throws Exception {
        JsonNode machine = TransportDiagram.loadMachine();
        List<String> spec = new ArrayList<>();
        for (JsonNode t : machine.get("transitions")) {
            List<String> outputs = new ArrayList<>();
            t.get("outputs").forEach(o -> outputs.add(o.asText()));
            spec.add(t.get("from").asText() + " " + t.get("input").asText() + " "
                    + (t.has("guard") ? t.get("guard").asText() : "-") + " " + t.get("to").asText() + " " + outputs
                    + " " + t.get("req").asText());
        }
        List<String> table = TransitionTable.ROWS.stream().map(t -> t.from() + " " + t.input() + " "
                + (t.guard() == null ? "-" : t.guard().name()) + " " + t.to() + " " + t.actions() + " "
                + t.requirement()).toList();
        assertThat(table).containsExactlyElementsOf(spec);
    }

    @Test
    @DisplayName("[TR-SM-2] [TR-SM-3] [TR-SM-4] the unlisted rules are the YAML's, per input kind")
    void unlistedRulesEqualYaml() throws Exception {
        JsonNode unlisted = TransportDiagram.loadMachine().get("unlisted");
        for (Input input : Input.values()) {
            JsonNode rule = unlisted.get(input.kind.name().toLowerCase());
            assertThat(rule).as("unlisted rule for kind " + input.kind).isNotNull();
            Transition t = TransitionTable.unlisted(State.ESTABLISHED, input);
            assertThat(rule.get("to").asText()).isEqualTo("same");
            assertThat(t.to()).isEqualTo(State.ESTABLISHED);
            List<String> outputs = new ArrayList<>();
            rule.get("outputs").forEach(o -> outputs.add(o.asText()));
            assertThat(t.actions().stream().map(Enum::name).toList()).isEqualTo(outputs);
            assertThat(t.requirement()).isEqualTo(rule.get("req").asText());
        }
    }

    @Test
    @DisplayName("[TR-SM-1] states, inputs, guards and outputs have the YAML's names")
    void vocabularyEqualsYaml() throws Exception {
        JsonNode machine = TransportDiagram.loadMachine();
        assertThat(names(machine.get("states"))).isEqualTo(enumNames(State.values()));
        assertThat(names(machine.get("inputs"))).isEqualTo(enumNames(Input.values()));
        assertThat(names(machine.get("guards"))).isEqualTo(enumNames(Guard.values()));
        assertThat(names(machine.get("outputs"))).isEqualTo(enumNames(Action.values()));
        for (Input input : Input.values()) {
            assertThat(machine.get("inputs").get(input.name()).get("kind").asText()).isEqualTo(input.kind.name().toLowerCase());
        }
    }

    @Test
    @DisplayName("[TR-SM-1] the machine is total: every (state, input) pair yields exactly one transition")
    void everyPairHasATransition() {
        for (State s : State.values()) {
            for (Input i : Input.values()) {
                assertThat(TransitionTable.lookup(s, i, g -> false)).isNotNull();
                assertThat(TransitionTable.lookup(s, i, g -> true)).isNotNull();
            }
        }
    }

    private static Set<String> names(JsonNode map) {
        Set<String> out = new TreeSet<>();
        map.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> enumNames(Enum<?>[] values) {
        Set<String> out = new TreeSet<>();
        Arrays.stream(values).forEach(v -> out.add(v.name()));
        return out;
    }
}
