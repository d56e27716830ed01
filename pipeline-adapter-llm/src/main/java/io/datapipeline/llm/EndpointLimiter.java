package io.datapipeline.llm;

import io.datapipeline.core.port.out.ModelCallObserver;
import java.time.Duration;

/**
 * How many requests one model endpoint gets at once, shared by every caller of the process (every execution, every
 * table and theme), and adapted to the endpoint's answers, additive increase / multiplicative decrease: when the
 * endpoint pushes back (HTTP 429 or 503) the whole limiter pauses for its {@code Retry-After} — no caller sends
 * anything until then, not just the one that was refused — and the number of requests in flight is halved; after as
 * many answered requests in a row as the current limit, it grows by one again, up to the configured maximum
 * ({@code PIPELINE_LLM_CONCURRENCY}). A caller told to wait is told how long and why before it waits. Starts no thread.
 */
final class EndpointLimiter {

    private final int max;
    private int limit;
    private int inFlight;
    private int answeredInARow;
    private long pausedUntil;
    private long lastDecrease = Long.MIN_VALUE / 2;

    /** @param max requests in flight at most (at least 1) */
    EndpointLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the limit of requests in flight must be at least 1, not " + max);
        }
        this.max = max;
        this.limit = max;
    }

    /** A limiter that never holds a request back (embedding endpoints). */
    static EndpointLimiter unbounded() {
        return new EndpointLimiter(Integer.MAX_VALUE);
    }

    /**
     * Waits until a request may be sent: the limiter is not paused and fewer than its current limit are in flight.
     *
     * @param observer told of each pause this caller waits out ({@code rate limited}), before it waits
     * @throws InterruptedException when the thread is interrupted (a cancel)
     */
    synchronized void acquire(ModelCallObserver observer, String endpoint) throws InterruptedException {
        long toldUntil = 0;
        while (true) {
            long now = System.nanoTime();
            long pause = pausedUntil - now;
            if (pause > 0) {
                if (pausedUntil != toldUntil) {
                    toldUntil = pausedUntil;
                    observer.waiting(Duration.ofNanos(pause), "rate limited by " + endpoint);
                }
                wait(Math.max(1, pause / 1_000_000));
                continue;
            }
            if (inFlight < limit) {
                inFlight++;
                return;
            }
            wait();
        }
    }

    /**
     * A request sent after {@link #acquire} has ended.
     *
     * @param answered whether the endpoint answered it (an answer in a row counts toward raising the limit)
     */
    synchronized void release(boolean answered) {
        inFlight = Math.max(0, inFlight - 1);
        if (answered) {
            answeredInARow++;
            if (answeredInARow >= limit && limit < max) {
                limit++;
                answeredInARow = 0;
            }
        }
        notifyAll();
    }

    /**
     * The endpoint pushed back: nothing is sent for {@code wait}, and the limit is halved (once per wait: the other
     * requests refused in the same burst do not halve it again).
     */
    synchronized void pushBack(Duration wait) {
        long now = System.nanoTime();
        long until = now + wait.toNanos();
        boolean sameBurst = now - lastDecrease < wait.toNanos() || now < pausedUntil;
        pausedUntil = Math.max(pausedUntil, until);
        if (!sameBurst) {
            limit = Math.max(1, limit / 2);
            lastDecrease = now;
        }
        answeredInARow = 0;
        notifyAll();
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
