package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher builds only the subcommand a command line names (a shorter start); what a user sees, usage,
 * errors and exit codes, stays what the whole command tree gives.
 */
class ParleyTest {

    private String err;

    private int parley(String... args) {
        StringWriter out = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = Parley.commandLine(CommandLine.defaultFactory(), args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(e, true));
        int status = cli.execute(args);
        err = e.toString();
        return status;
    }

    private static String usage(CommandLine cli) {
        StringWriter text = new StringWriter();
        cli.usage(new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void everySubcommandIsListedUnderTheNameItsCommandAnnotationGives() {
        Parley.SUBCOMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(Command.class).name()).as(type.getSimpleName()).isEqualTo(name));
        assertThat(Parley.SUBCOMMANDS).containsOnlyKeys("node", "demo", "init", "user", "server", "client");
    }

    @Test
    void aCommandLineNamingASubcommandBuildsThatOneOnly() {
        for (String name : Parley.SUBCOMMANDS.keySet()) {
            CommandLine cli = Parley.commandLine(CommandLine.defaultFactory(), new String[] {name, "--help"});
            assertThat(cli.getSubcommands()).as(name).containsOnlyKeys(name);
            Object command = cli.getSubcommands().get(name).getCommand();
            assertThat(command).isInstanceOf(Parley.SUBCOMMANDS.get(name));
        }
    }

    @Test
    void aCommandLineNamingNoSubcommandBuildsThemAllInOrder() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"--version"},
                new String[] {"nosuch"})) {
            CommandLine cli = Parley.commandLine(CommandLine.defaultFactory(), args);
            assertThat(cli.getSubcommands().keySet()).containsExactly("node", "demo", "init", "user", "server", "client");
        }
    }

    @Test
    void aSubcommandBuiltAloneShowsTheSameUsageAsInTheWholeTree() {
        CommandLine whole = Parley.commandLine(CommandLine.defaultFactory());
        for (Map.Entry<String, CommandLine> sub : whole.getSubcommands().entrySet()) {
            CommandLine alone = Parley.commandLine(CommandLine.defaultFactory(), new String[] {sub.getKey()});
            assertThat(usage(alone.getSubcommands().get(sub.getKey()))).isEqualTo(usage(sub.getValue()));
        }
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorThatListsTheSubcommands() {
        assertThat(parley("nosuch")).isEqualTo(Parley.EXIT_USAGE);
        assertThat(err).startsWith("parley: Unmatched argument").contains("nosuch");
        assertThat(err).contains("node ", "demo ", "init ", "user ", "server ");
    }

    @Test
    void aBadOptionOfASubcommandBuiltAloneIsAUsageErrorWithItsUsage() {
        assertThat(parley("node", "--no-such-option")).isEqualTo(Parley.EXIT_USAGE);
        assertThat(err).startsWith("parley: Unknown option: '--no-such-option'").contains("Usage: parley node");
    }
}
