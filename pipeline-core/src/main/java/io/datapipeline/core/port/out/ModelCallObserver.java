package io.datapipeline.core.port.out;

import java.time.Duration;

/**
 * Told what a model's calls cost while they run: each answer with its token usage, each attempt made again, each wait.
 * Called from whichever thread makes the call, possibly from several at once.
 */
public interface ModelCallObserver {

    /** An observer that is told nothing. */
    ModelCallObserver NONE = new ModelCallObserver() {
    };

    /**
     * The endpoint answered a request.
     *
     * @param promptTokens     the answer's {@code usage.prompt_tokens} ({@code 0} when it reported none)
     * @param completionTokens its {@code usage.completion_tokens}
     */
    default void answered(long promptTokens, long completionTokens) {
    }

    /** A request is made again after {@code reason} (an HTTP status, a timeout, an answer that could not be used). */
    default void retrying(String reason) {
    }

    /**
     * The call waits {@code wait} before its next attempt; {@code reason} says why ({@code rate limited},
     * {@code back-off after HTTP 502} …). Told before the wait starts.
     */
    default void waiting(Duration wait, String reason) {
    }
}
