package dev.parley.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reference implementation's one transition table is the specified machine [TR-SM-1]. */
class TransitionTableMatchesSpecTest {

    @Test
    @DisplayName("[TR-SM-1] TransitionTable has exactly the rows of transport-connection.yaml, in order")
    void tableEqualsYaml() throws Exception {
        JsonNode machine = TransportDiagram.loadMachine();
        List<String> table = TransitionTable.ROWS.stream()
                .map(t -> MachineYaml.row(t.from(), t.input(), t.guard(), t.to(), t.actions(), t.requirement())).toList();
        assertThat(table).containsExactlyElementsOf(MachineYaml.rows(machine));
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
        MachineYaml.assertVocabulary(machine, State.class, Input.class, Guard.class, Action.class);
        for (Input input : Input.values()) {
            assertThat(machine.get("inputs").get(input.name()).get("kind").asText()).isEqualTo(input.kind.name().toLowerCase());
        }
    }

    /**
     * [TR-SM-1] Exactly one transition per (state, input, guard): in the YAML no two rows of a pair share a guard, a
     * pair has at most one row without guard and it comes last (a row after it could never apply), and every guard
     * a row names is declared.
     */
    @Test
    @DisplayName("[TR-SM-1] the YAML has exactly one row per (state, input, guard), and no row that can never apply")
    void exactlyOneRowPerStateInputAndGuard() throws Exception {
        JsonNode machine = TransportDiagram.loadMachine();
        Map<String, List<String>> guardsByPair = new LinkedHashMap<>();
        for (JsonNode t : machine.get("transitions")) {
            String pair = t.get("from").asText() + " " + t.get("input").asText();
            String guard = t.has("guard") ? t.get("guard").asText() : "-";
            if (t.has("guard")) {
                assertThat(machine.get("guards").has(guard)).as("guard %s of %s is declared", guard, pair).isTrue();
            }
            guardsByPair.computeIfAbsent(pair, k -> new ArrayList<>()).add(guard);
        }
        guardsByPair.forEach((pair, guards) -> {
            assertThat(guards).as("rows of %s: one per guard", pair).doesNotHaveDuplicates();
            int unguarded = guards.indexOf("-");
            assertThat(unguarded).as("rows of %s: the row without guard comes last", pair)
                    .isIn(-1, guards.size() - 1);
        });
    }

    /**
     * [TR-SM-1] [TR-SM-2] [TR-SM-3] [TR-SM-4] The machine is total and lookup is exact: for every state, input and
     * guard that holds (one at a time; a pair's guards exclude each other), lookup gives the one row with that guard,
     * else the pair's row without guard, else the unlisted rule of the input's kind, and never a row of another pair.
     */
    @Test
    @DisplayName("[TR-SM-1] every (state, input, guard) yields exactly the transition the table lists for it")
    void lookupYieldsTheListedTransition() {
        for (State s : State.values()) {
            for (Input i : Input.values()) {
                List<Transition> rows = TransitionTable.ROWS.stream()
                        .filter(t -> t.from() == s && t.input() == i).toList();
                assertThat(TransitionTable.listed(s, i)).as("%s %s listed", s, i).isEqualTo(!rows.isEmpty());
                Transition fallback = rows.stream().filter(t -> t.guard() == null).findFirst()
                        .orElse(TransitionTable.unlisted(s, i));
                assertThat(TransitionTable.lookup(s, i, g -> false)).as("%s %s, no guard holds", s, i)
                        .isEqualTo(fallback);
                for (Guard g : Guard.values()) {
                    List<Transition> withGuard = rows.stream().filter(t -> t.guard() == g).toList();
                    assertThat(withGuard).as("%s %s [%s]: at most one row", s, i, g).hasSizeLessThanOrEqualTo(1);
                    Transition expected = withGuard.isEmpty() ? fallback : withGuard.get(0);
                    Transition got = TransitionTable.lookup(s, i, held -> held == g);
                    assertThat(got).as("%s %s, only %s holds", s, i, g).isEqualTo(expected);
                    assertThat(got.from()).isEqualTo(s);
                    assertThat(got.input()).isEqualTo(i);
                }
            }
        }
    }
}
