package dev.parley.conformance;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the run with one line, alone on its line: {@code N passed, N failed}, plus
 * {@code , N skipped} when scenarios were skipped (work in progress, a capability the IUT does not
 * declare, or disabled in its config). Anything but passed or skipped counts as failed, so an
 * undefined or pending step never passes quietly. Failed and skipped scenarios are listed above it.
 */
public final class SummaryPlugin implements ConcurrentEventListener {

    private final PrintStream out = System.out;
    private final List<String> failed = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private int passed;

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseFinished.class, this::onTestCaseFinished);
        publisher.registerHandlerFor(TestRunFinished.class, this::onTestRunFinished);
    }

    private synchronized void onTestCaseFinished(TestCaseFinished event) {
        Result result = event.getResult();
        String where = event.getTestCase().getName() + " (" + event.getTestCase().getUri().getPath() + ":"
                + event.getTestCase().getLocation().getLine() + ")";
        if (result.getStatus() == Status.PASSED) {
            passed++;
        } else if (result.getStatus() == Status.SKIPPED) {
            skipped.add(where + reason(result));
        } else {
            failed.add("[" + result.getStatus() + "] " + where);
        }
    }

    private synchronized void onTestRunFinished(TestRunFinished event) {
        StringBuilder text = new StringBuilder("\n");
        skipped.forEach(s -> text.append("skipped: ").append(s).append('\n'));
        failed.forEach(f -> text.append("failed:  ").append(f).append('\n'));
        text.append(passed).append(" passed, ").append(failed.size()).append(" failed");
        if (!skipped.isEmpty()) {
            text.append(", ").append(skipped.size()).append(" skipped");
        }
        out.println(text);
        out.flush();
    }

    private static String reason(Result result) {
        return result.getError() == null || result.getError().getMessage() == null ? ""
                : " -- " + result.getError().getMessage();
    }
}
