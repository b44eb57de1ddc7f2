package dev.parley.chat.peer;

import dev.parley.chat.StateTable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.transport.MachineYaml;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/** The implementation's one peer-session table is the YAML machine, row for row [PM-SM-2]. */
class PeerSessionTableMatchesSpecTest {

    private static StateTable<?, ?, ?, ?> table(String machine) {
        return PeerSessionTable.TABLE;
    }

    private static List<Class<? extends Enum<?>>> enums(String machine) {
        return List.of(PeerSessionTable.State.class, PeerSessionTable.Input.class, PeerSessionTable.Guard.class,
            PeerSessionTable.Output.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer-messaging"})
    @DisplayName("[PM-SM-2] states, inputs, guards and outputs are the YAML's")
    void vocabularyMatches(String machine) throws Exception {
        JsonNode m = PeerDiagram.load(machine);
        List<Class<? extends Enum<?>>> e = enums(machine);
        MachineYaml.assertVocabulary(m, e.get(0), e.get(1), e.get(2), e.get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer-messaging"})
    @DisplayName("[PM-SM-2] every row and every unlisted rule is the YAML's, in order")
    void rowsMatch(String machine) throws Exception {
        JsonNode m = PeerDiagram.load(machine);
        MachineYaml.assertRowsMatch(m, table(machine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"peer-messaging"})
    @DisplayName("[PM-SM-2] every input's kind has an unlisted rule, so the table is total")
    void tableIsTotal(String machine) throws Exception {
        JsonNode m = PeerDiagram.load(machine);
        MachineYaml.assertTotal(m, table(machine), enums(machine).get(1));
    }
}
