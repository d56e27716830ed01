package io.datapipeline.cli.command;

import io.datapipeline.core.execution.ModelUsage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** What the language model cost, as one line of a summary. */
final class UsageLines {

    private UsageLines() {
    }

    /** {@code llm: 24 calls, 12,345 prompt + 2,345 completion tokens, 1 retry, 1 wait (2.0 s)}. */
    static String line(long calls, long prompt, long completion, long retries, long waits, double waitSeconds) {
        return String.format(Locale.ROOT, "llm: %d call%s, %,d prompt + %,d completion tokens, %d retr%s, %d wait%s "
                + "(%.1f s)", calls, calls == 1 ? "" : "s", prompt, completion, retries, retries == 1 ? "y" : "ies", waits,
                waits == 1 ? "" : "s", waitSeconds);
    }

    static void print(PrintWriter out, String indent, ModelUsage u) {
        out.println(indent + line(u.calls(), u.promptTokens(), u.completionTokens(), u.retries(), u.waits(),
                u.waitSeconds()));
    }

    /** The line of a wire {@code llm_usage} map, or null when there is none or nothing was called. */
    static String line(Object usage) {
        if (!(usage instanceof Map<?, ?> m) || number(m, "calls") == 0 && number(m, "waits") == 0
                && number(m, "retries") == 0) {
            return null;
        }
        return line(number(m, "calls"), number(m, "prompt_tokens"), number(m, "completion_tokens"),
                number(m, "retries"), number(m, "waits"), m.get("wait_seconds") instanceof Number n ? n.doubleValue() : 0);
    }

    private static long number(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
