package org.btcpeer.examples;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.btcpeer.examples.cli.BaseCommand;
import org.btcpeer.examples.cli.BlockCommand;
import org.btcpeer.examples.cli.CrawlCommand;
import org.btcpeer.examples.cli.DemoCommand;
import org.btcpeer.examples.cli.FiltersCommand;
import org.btcpeer.examples.cli.FollowCommand;
import org.btcpeer.examples.cli.HandshakeCommand;
import org.btcpeer.examples.cli.HeadersCommand;
import org.btcpeer.examples.cli.ListenCommand;
import org.btcpeer.examples.cli.ProxyCommand;
import org.btcpeer.examples.cli.ServeCommand;
import org.btcpeer.examples.cli.SyncCommand;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code btcpeer} command line: {@code demo}, {@code serve}, {@code handshake},
 * {@code headers}, {@code block}, {@code filters}, {@code sync}, {@code follow}, {@code listen}, {@code proxy} and {@code crawl}. Exit status 0 on success, 1 on failure with a
 * one-line reason on stderr, 2 on a usage error.
 */
@Command(name = "btcpeer", mixinStandardHelpOptions = true, version = "btcpeer " + UserAgent.LIBRARY_VERSION,
        description = "Speak the Bitcoin P2P protocol: an offline demo, a regtest serving node, and small clients.",
        subcommands = {DemoCommand.class, ServeCommand.class, HandshakeCommand.class, HeadersCommand.class,
                BlockCommand.class, FiltersCommand.class, SyncCommand.class, FollowCommand.class, ListenCommand.class, ProxyCommand.class, CrawlCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log peer and node events at debug level to stderr.")
    void verbose(boolean on) {
        if (!on) {
            return;
        }
        for (String name : new String[]{"org.btcpeer", "org.btcpeer.examples"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
            }
        }
    }

    private final PeerRuntime runtime;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main(PeerRuntime runtime) {
        this.runtime = runtime;
    }

    /** The peer runtime shared by the command's peers. */
    public PeerRuntime runtime() {
        return runtime;
    }

    /**
     * Runs the CLI and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, PeerRuntime.create()));
    }

    /**
     * Runs the CLI in this process (tests call this).
     *
     * @param args    the arguments
     * @param out     standard output
     * @param err     standard error
     * @param runtime the peer runtime for every peer the command starts
     * @return the exit status
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, PeerRuntime runtime) {
        CommandLine cli = new CommandLine(new Main(Objects.requireNonNull(runtime, "runtime")));
        cli.setOut(out);
        cli.setErr(err);
        // "Usage: btcpeer handshake [OPTIONS] HOST[:PORT]": a full synopsis wraps inside labels such as HOST:PORT.
        cli.getSubcommands().values().forEach(c -> c.getCommandSpec().usageMessage().abbreviateSynopsis(true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see --help)");
            err.flush();
            return BaseCommand.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, r) -> {
            err.println(c.getCommandSpec().qualifiedName() + ": internal error: " + e);
            err.flush();
            return BaseCommand.FAILED;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Without a subcommand: a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: demo, serve, handshake, headers, block, listen or crawl");
    }
}
