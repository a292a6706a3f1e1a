package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.Main;
import org.btcpeer.peer.PeerRuntime;

/** Runs {@link Main} in-process and captures its output. */
final class Cli {

    /**
     * What a run printed.
     *
     * @param status the exit status
     * @param out    standard output
     * @param err    standard error
     */
    record Run(int status, String out, String err) {

        /** A top-level string or number field of the JSON printed on stdout (a crude reader, enough for flat fields). */
        String field(String key) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\]]+)").matcher(out);
            if (!m.find()) {
                throw new AssertionError("no field " + key + " in " + out);
            }
            return m.group(2) != null ? m.group(2) : m.group(1);
        }
    }

    private Cli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), PeerRuntime.create());
        return new Run(status, out.toString(), err.toString());
    }
}
