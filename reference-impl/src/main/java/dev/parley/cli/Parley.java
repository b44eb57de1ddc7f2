package dev.parley.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code parley.jar}. The subcommands are in {@link #SUBCOMMANDS}, not in the annotation, so
 * that the launcher builds only the one a command line names (see {@link #commandLine(CommandLine.IFactory,
 * String[])}).
 */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley reference implementation: a specified, secure chat over UDP.")
public final class Parley implements Runnable {

    /** Exit codes of the adapter contract [CF-EXIT-1]: 1 also when the event loop died [CF-EXIT-2]. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_PROTOCOL_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    /**
     * The subcommands by the name their {@code @Command} gives them, in the order the usage lists them.
     * Picocli reads every annotation, field and converter of a command when it adds it, about 0.1 s of CPU of a
     * cold node's start for these five (reference-impl/BENCHMARKS.md, "Start time"): a command line naming one
     * of them builds that one only.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put("node", NodeCommand.class);
        byName.put("demo", DemoCommand.class);
        byName.put("init", InitCommand.class);
        byName.put("user", UserCommand.class);
        byName.put("server", ServerCommand.class);
        byName.put("client", ClientCommand.class);
        return Collections.unmodifiableMap(byName);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        String[] rewritten = seedAliases(args);
        return commandLine(CommandLine.defaultFactory(), rewritten).execute(rewritten);
    }

    /**
     * The launcher's whole command line, every subcommand built; tests pass a factory that gives commands their
     * own streams.
     */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        return commandLine(factory, new String[0]);
    }

    /**
     * The launcher's command line for {@code args}: when the first argument names a subcommand, only that one
     * is built (the others could not run anyway); otherwise, for the usage, {@code --version} or an unknown
     * name, all of them. Usage, errors and exit codes are the same either way.
     */
    static CommandLine commandLine(CommandLine.IFactory factory, String[] args) {
        CommandLine cli = new CommandLine(new Parley(), factory);
        Class<?> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            for (Class<?> subcommand : SUBCOMMANDS.values()) {
                cli.addSubcommand(subcommand);
            }
        }
        // Set after the subcommands are added: picocli passes the handler only to those present.
        cli.setParameterExceptionHandler(new BadArguments());
        return cli;
    }

    /** The seed's single-letter commands, kept as aliases: {@code -n} is {@code init} [AC-INIT-1]. */
    static String[] seedAliases(String[] args) {
        if (args.length > 0 && args[0].equals("-sp")) { // the seed's "ChatServer.py -sp PORT" [CH-PORT-1]
            String[] rewritten = new String[args.length + 1];
            rewritten[0] = "server";
            System.arraycopy(args, 0, rewritten, 1, args.length);
            return rewritten;
        }
        if (args.length > 0 && args[0].equals("-u")) { // the seed's "ChatClient.py -u USER -p PASS -sip IP -sp PORT"
            String[] rewritten = new String[args.length + 1];
            rewritten[0] = "client";
            System.arraycopy(args, 0, rewritten, 1, args.length);
            return rewritten;
        }
        if (args.length > 0 && args[0].equals("-n")) {
            String[] rewritten = args.clone();
            rewritten[0] = "init";
            return rewritten;
        }
        return args;
    }

    /**
     * A bad command line, an unknown subcommand included, prints what was wrong and the usage: status 2.
     * A class, not a lambda or method reference: picocli's class files are in the pre-Java-6 format, and the
     * JDK 17 AppCDS dump leaves out such a class once a lambda on it is linked (target/parley.jsa, pom.xml).
     */
    private static final class BadArguments implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cli = e.getCommandLine();
            PrintWriter err = cli.getErr();
            err.println("parley: " + e.getMessage());
            cli.usage(err);
            return EXIT_USAGE;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
