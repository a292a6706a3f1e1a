package org.btcpeer.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.btcpeer.examples.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help reads cleanly, and bin/btcpeer's header names every command. */
class HelpTextTest {

    private static List<String> commands() {
        return Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @Test
    void noWordIsSplitAcrossLines() {
        for (String command : commands()) {
            Cli.Run r = Cli.run(command, "--help");
            assertEquals(0, r.status(), command + ": " + r.err());
            for (String line : r.out().lines().toList()) {
                String s = line.strip();
                assertFalse(s.endsWith("HOST:") || s.endsWith("HOST[:") || s.endsWith(" ."),
                        command + " --help splits a word at the end of: " + line + "\n" + r.out());
                assertFalse(s.startsWith(".") || s.startsWith("PORT]") || s.startsWith(":PORT"),
                        command + " --help splits a word at the start of: " + line + "\n" + r.out());
            }
        }
    }

    @Test
    void everyCommandHasTheSameDefaultNetwork() {
        java.util.Set<String> defaults = new java.util.TreeSet<>();
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            CommandLine.Model.OptionSpec network = new CommandLine(c).getCommandSpec().findOption("--network");
            if (network != null) {
                defaults.add(network.defaultValue());
            }
        }
        assertEquals(java.util.Set.of("regtest"), defaults, "client commands and serve share one default network");
    }

    @Test
    void theLauncherHeaderListsEveryCommand() throws Exception {
        String header = String.join("\n", Files.readAllLines(Path.of("..", "bin", "btcpeer")).subList(0, 4));
        for (String command : commands()) {
            assertTrue(header.matches("(?s).*\\b" + command + "\\b.*"), "bin/btcpeer's header misses " + command + ":\n" + header);
        }
    }
}
