package org.btcpeer.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension that owns a test class's Core nodes. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CoreNodes core = new CoreNodes();
 * }</pre>
 *
 * <ul>
 *   <li>before the class: finds bitcoind ({@link BitcoindBinary}): without one the class is
 *       disabled (each test reported skipped), and in CI or with a broken {@code BITCOIND} it fails;</li>
 *   <li>{@link #start}: a node started outside a test (in {@code @BeforeAll}) is shared by the
 *       class and stopped after it; one started inside a test is stopped after that test;</li>
 *   <li>after every test: asserts that no node's debug.log blames a peer since the test began
 *       ({@link CoreLog}), except the phrases the test allowed;</li>
 *   <li>when a test or a lifecycle method fails, the failure message carries the last lines of
 *       every live node's debug.log.</li>
 * </ul>
 */
final class CoreNodes implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private final List<CoreNode> classNodes = new CopyOnWriteArrayList<>();
    private final List<CoreNode> testNodes = new CopyOnWriteArrayList<>();
    private final Map<CoreNode, Long> marks = new HashMap<>();
    private final Map<CoreNode, List<String>> allowed = new HashMap<>();
    private volatile boolean inTest;

    /**
     * Starts a node with the tools README's flags plus {@code flags}.
     *
     * @param name  a short name
     * @param flags the case's flags
     * @return the running node
     */
    CoreNode start(String name, String... flags) {
        Path bitcoind = BitcoindBinary.require();
        CoreNode node = CoreNode.start(bitcoind, name, Arrays.asList(flags));
        if (inTest) {
            testNodes.add(node);
            synchronized (marks) {
                marks.put(node, 0L);
            }
        } else {
            classNodes.add(node);
        }
        return node;
    }

    /**
     * Lets the current test's check accept debug.log lines containing {@code phrase} on {@code node}.
     *
     * @param node   the node
     * @param phrase the expected phrase
     */
    void allowLog(CoreNode node, String phrase) {
        synchronized (marks) {
            allowed.computeIfAbsent(node, n -> new ArrayList<>()).add(phrase);
        }
    }

    /**
     * The debug.log text of {@code node} since the current test began.
     *
     * @param node the node
     * @return the text
     */
    String logSinceTestStart(CoreNode node) {
        long mark;
        synchronized (marks) {
            mark = marks.getOrDefault(node, 0L);
        }
        return node.debugLog().toFile().exists() ? node.debugLogSince(mark) : "";
    }

    /**
     * Disables the class when no bitcoind is found outside CI, with the one line saying how to
     * enable it (a disabled class reports each test as skipped; an assumption failing in
     * {@code @BeforeAll} would report none). A broken configuration stays enabled, so the first
     * {@link #start} fails it.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return BitcoindBinary.resolve() instanceof BitcoindBinary.Resolution.Absent
                ? ConditionEvaluationResult.disabled(BitcoindBinary.HOW_TO_ENABLE)
                : ConditionEvaluationResult.enabled("bitcoind found, or its absence is a failure");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        BitcoindBinary.require();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (marks) {
            marks.clear();
            allowed.clear();
            for (CoreNode n : classNodes) {
                marks.put(n, n.debugLogMark());
            }
        }
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        try {
            if (context.getExecutionException().isEmpty()) {
                assertNoComplaints();
            }
        } finally {
            testNodes.forEach(CoreNode::close);
            testNodes.clear();
        }
    }

    /** Fails if any live node's debug.log blames a peer since the test began. */
    void assertNoComplaints() {
        StringBuilder failures = new StringBuilder();
        for (CoreNode n : live()) {
            List<String> lines;
            synchronized (marks) {
                lines = CoreLog.complaints(logSinceTestStart(n), allowed.getOrDefault(n, List.of()));
            }
            if (!lines.isEmpty()) {
                failures.append("Core node ").append(n.name()).append(" complained about our peer:\n  ")
                        .append(String.join("\n  ", lines)).append('\n').append(n.debugLogTail()).append('\n');
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.toString());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        classNodes.forEach(CoreNode::close);
        classNodes.clear();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(throwable);
    }

    private Throwable withLogs(Throwable t) {
        if (t instanceof TestAbortedException || live().isEmpty()) {
            return t;
        }
        StringBuilder tails = new StringBuilder(String.valueOf(t.getMessage()));
        for (CoreNode n : live()) {
            tails.append('\n').append(n.debugLogTail());
        }
        AssertionError wrapped = new AssertionError(tails.toString(), t);
        wrapped.setStackTrace(t.getStackTrace());
        return wrapped;
    }

    private List<CoreNode> live() {
        List<CoreNode> all = new ArrayList<>(classNodes);
        all.addAll(testNodes);
        return all;
    }
}
