package dev.parley.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code parley.jar}. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley reference implementation: a specified, secure chat over UDP.",
        subcommands = {NodeCommand.class, DemoCommand.class,
                InitCommand.class, UserCommand.class, ServerCommand.class, ClientCommand.class})
public final class Parley implements Runnable {

    /** Exit codes of the adapter contract [CF-EXIT-1]: 1 also when the event loop died [CF-EXIT-2]. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_PROTOCOL_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine(CommandLine.defaultFactory()).execute(seedAliases(args));
    }

    /** The launcher's command line; tests pass a factory that gives commands their own streams. */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new Parley(), factory);
        cli.setParameterExceptionHandler(Parley::onBadArguments);
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

    /** A bad command line, an unknown subcommand included, prints what was wrong and the usage: status 2. */
    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("parley: " + e.getMessage());
        cli.usage(err);
        return EXIT_USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
