package org.btcpeer.examples.cli;

/**
 * A JVM shutdown hook for the length of a try-with-resources block: Ctrl-C (or SIGTERM) runs
 * {@code action} while a long-running command waits, and leaving the block in any other way
 * removes the hook, so commands run one after another in one JVM (as the tests do) do not pile
 * hooks up.
 */
final class ShutdownHook implements AutoCloseable {

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    /**
     * Installs a hook.
     *
     * @param name   the hook thread's name, e.g. {@code btcpeer-serve-shutdown}
     * @param action what to run when the JVM is asked to exit
     * @return the installed hook; close it to remove it
     */
    static ShutdownHook install(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    /** Removes the hook, unless the JVM is already exiting (then the hook is running and stays). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook is running
        }
    }
}
