package org.btcpeer.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.btcpeer.examples.Main;
import org.btcpeer.examples.sync.SyncException;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportException;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code --json}, the exit codes, and turning a failure into one
 * line. A command returns an {@link Outcome}; with {@code --json} only its JSON object is printed
 * (with {@code "ok":true}); on failure one line goes to stderr and, with {@code --json}, one
 * {@code {"ok":false,...}} object to stdout.
 */
public abstract class BaseCommand implements Callable<Integer> {

    /** Exit status of a successful command. */
    public static final int OK = 0;
    /** Exit status of a failed command (connection, verification, peer error). */
    public static final int FAILED = 1;
    /** Exit status of a usage error (picocli's default). */
    public static final int USAGE = 2;
    /** Exit status after an interrupt. */
    public static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print one JSON object instead of human-readable output.")
    boolean json;

    /** Creates the command; picocli injects the fields. */
    protected BaseCommand() {
    }

    /**
     * Runs the command.
     *
     * @return what to report
     * @throws Exception any failure; its message becomes the one-line reason
     */
    protected abstract Outcome execute() throws Exception;

    /** Standard output. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The peer runtime of this process. */
    protected PeerRuntime runtime() {
        return main.runtime();
    }

    /** Whether JSON output was asked for. */
    protected boolean json() {
        return json;
    }

    @Override
    public final Integer call() {
        try {
            Outcome o = execute();
            if (o.json() == null) {
                // already printed by the command
            } else if (json) {
                Json j = new Json().put("ok", true).put("command", spec.name());
                out().println(merge(j, o.json()));
            } else if (!o.human().isEmpty()) {
                out().print(o.human().endsWith("\n") ? o.human() : o.human() + "\n");
            }
            out().flush();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted", INTERRUPTED);
        } catch (CommandFailure e) {
            return fail(e.getMessage(), e.isBadInput() ? USAGE : FAILED);
        } catch (SyncException | TransportException | IOException e) {
            return fail(e.getMessage(), FAILED);
        } catch (picocli.CommandLine.ParameterException e) {
            throw e; // a usage error found while running: Main's handler prints it and exits 2
        } catch (RuntimeException e) {
            return fail("internal error: " + e, FAILED);
        } catch (Exception e) {
            return fail(e.getMessage() == null ? e.toString() : e.getMessage(), FAILED);
        }
    }

    private static String merge(Json head, Json body) {
        String h = head.toString();
        String b = body.toString();
        return b.equals("{}") ? h : h.substring(0, h.length() - 1) + "," + b.substring(1);
    }

    /**
     * Reports a failure: one line on stderr and, with {@code --json}, one object on stdout.
     *
     * @param reason the reason
     * @param status the exit status
     * @return {@code status}
     */
    protected int fail(String reason, int status) {
        String line = reason == null ? "failed" : reason.replace('\n', ' ');
        err().println("btcpeer " + spec.name() + ": " + line);
        err().flush();
        if (json) {
            out().println(new Json().put("ok", false).put("command", spec.name()).put("error", line));
            out().flush();
        }
        return status;
    }
}
