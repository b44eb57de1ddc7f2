package dev.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.transport.MachineYaml;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/** The implementation's one table per role is the YAML machine, row for row [CH-SM-2]. */
class LoginTablesMatchSpecTest {

    private static StateTable<?, ?, ?, ?> table(String machine) {
        return machine.equals("login-client") ? LoginClientTable.TABLE : LoginServerTable.TABLE;
    }

    private static List<Class<? extends Enum<?>>> enums(String machine) {
        return machine.equals("login-client")
                ? List.of(LoginClientTable.State.class, LoginClientTable.Input.class, LoginClientTable.Guard.class, LoginClientTable.Output.class)
                : List.of(LoginServerTable.State.class, LoginServerTable.Input.class, LoginServerTable.Guard.class, LoginServerTable.Output.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login-client", "login-server"})
    @DisplayName("[CH-SM-2] states, inputs, guards and outputs are the YAML's")
    void vocabularyMatches(String machine) throws Exception {
        JsonNode m = ChatDiagram.load(machine);
        List<Class<? extends Enum<?>>> e = enums(machine);
        MachineYaml.assertVocabulary(m, e.get(0), e.get(1), e.get(2), e.get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"login-client", "login-server"})
    @DisplayName("[CH-SM-2] every row and every unlisted rule is the YAML's, in order")
    void rowsMatch(String machine) throws Exception {
        JsonNode m = ChatDiagram.load(machine);
        MachineYaml.assertRowsMatch(m, table(machine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"login-client", "login-server"})
    @DisplayName("[CH-SM-2] every input's kind has an unlisted rule, so the table is total")
    void tableIsTotal(String machine) throws Exception {
        JsonNode m = ChatDiagram.load(machine);
        MachineYaml.assertTotal(m, table(machine), enums(machine).get(1));
    }
}
