package io.datapipeline.core.service;

import io.datapipeline.core.domain.ExecutionStatus;
import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.StepStatus;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ExecutionProgress;
import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.port.out.ExecutionJournal;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.ModelCallObserver;
import io.datapipeline.core.vector.TransferProgress;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one running execution: whether it was asked to stop, and what it is doing. Steps call
 * {@link #checkCancelled()} between units of work (tables, LLM calls, embedding batches; the wrapped
 * {@link TransferProgress} between COPY chunks), report {@link #progress}, and run HTTP calls through
 * {@link #interruptibly} so a cancel aborts every call in flight, on whichever threads the step runs them. The
 * language model's calls are observed through {@link #observe}: their usage is added up per step and per execution,
 * and a wait (a rate limit, a back-off) is published at once as progress ({@code waiting 12 s: rate limited}).
 * Progress and events go to the {@link ExecutionJournal}, throttled to one write per {@value #THROTTLE_MILLIS} ms; a
 * journal that fails never fails the run.
 */
final class ExecutionMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionMonitor.class);
    static final long THROTTLE_MILLIS = 500;

    /** A monitor that records nothing and is never cancelled (tests, library calls without a journal). */
    static ExecutionMonitor none() {
        return new ExecutionMonitor(null, "none", Clock.systemUTC());
    }

    /** The exception a step throws when its execution was cancelled. */
    static final class CancelledException extends PipelineException {
        CancelledException() {
            super("cancelled by request");
        }
    }

    private final ExecutionJournal journal;
    private final String executionId;
    private final Clock clock;
    private volatile boolean cancelled;
    private final java.util.Set<Thread> inCalls = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile StepName step;
    private String phase;
    private long phaseStarted;
    private long lastWrite;
    private long lastDone;
    private long lastTotal = -1;
    private String lastUnit;
    private final ModelMeter executionMeter = new ModelMeter();
    private volatile ModelMeter stepMeter = new ModelMeter();
    private volatile String waiting;
    private volatile long waitingUntil;
    private final ModelCallObserver observer = new ModelCallObserver() {
        @Override
        public void answered(long prompt, long completion) {
            stepMeter.answered(prompt, completion);
            executionMeter.answered(prompt, completion);
        }

        @Override
        public void retrying(String reason) {
            stepMeter.retrying(reason);
            executionMeter.retrying(reason);
        }

        @Override
        public void waiting(Duration wait, String reason) {
            stepMeter.waiting(wait, reason);
            executionMeter.waiting(wait, reason);
            waitingFor(wait, reason);
        }
    };

    ExecutionMonitor(ExecutionJournal journal, String executionId, Clock clock) {
        this.journal = journal;
        this.executionId = executionId;
        this.clock = clock;
    }

    String executionId() {
        return executionId;
    }

    /** The thread that runs the execution (kept for callers; every thread in a call is interrupted by a cancel). */
    void runOn(Thread thread) {
        // the threads to interrupt are those inside interruptibly(), whichever runs the execution
    }

    /** Asks the execution to stop; it does at its next check, or at once where it waits on an HTTP call. */
    void cancel() {
        cancelled = true;
        for (Thread t : inCalls) {
            t.interrupt();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Throws when the execution was asked to stop. */
    void checkCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    /**
     * Runs a call a cancel may abort (an HTTP request to a model): the thread is interrupted by {@link #cancel}.
     *
     * @throws CancelledException when it was cancelled before or during the call
     */
    <T> T interruptibly(Callable<T> call) throws Exception {
        Thread self = Thread.currentThread();
        // registered before the check: a cancel either is seen here or finds this thread to interrupt
        boolean added = inCalls.add(self);
        try {
            checkCancelled();
            return call.call();
        } catch (Exception e) {
            if (cancelled) {
                throw new CancelledException();
            }
            throw e;
        } finally {
            if (added) {
                inCalls.remove(self);
            }
            if (Thread.interrupted() && !cancelled) {
                self.interrupt();
            }
        }
    }

    /** {@code model} with its calls counted for the current step and the execution, its waits published. */
    LanguageModel observe(LanguageModel model) {
        return model.observedBy(observer);
    }

    /** What the language model cost in the current step so far. */
    ModelUsage stepUsage() {
        return stepMeter.usage();
    }

    /** What the language model cost in the execution so far. */
    ModelUsage executionUsage() {
        return executionMeter.usage();
    }

    /** A call waits: published at once with the last progress ({@code waiting 12 s: rate limited}). */
    private void waitingFor(Duration wait, String reason) {
        long seconds = Math.max(1, Math.round(wait.toMillis() / 1000.0));
        waiting = "waiting " + seconds + " s: " + reason;
        waitingUntil = System.nanoTime() + wait.toNanos();
        LOG.info("execution={} step={} {}", executionId, step == null ? "-" : step.wire(), waiting);
        synchronized (this) {
            if (phase != null) {
                write(phase, lastDone, lastTotal, lastUnit, System.nanoTime(), waiting);
            }
        }
    }

    /** {@link #interruptibly} for a call that throws only unchecked exceptions (a model call). */
    <T> T call(java.util.function.Supplier<T> call) {
        try {
            return interruptibly(call::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    void stepStarted(StepName s) {
        this.step = s;
        this.stepMeter = new ModelMeter();
        synchronized (this) {
            this.phase = null;
        }
        event(ExecutionEvent.Type.STEP_STARTED, s, null, null, null);
    }

    void stepFinished(StepName s, StepStatus status, String error) {
        event(ExecutionEvent.Type.STEP_FINISHED, s, status.wire(), error, null);
    }

    void warning(String message) {
        event(ExecutionEvent.Type.WARNING, step, null, message, null);
    }

    void finished(ExecutionStatus status, String error) {
        event(ExecutionEvent.Type.FINISHED, null, status.wire(), error, null);
    }

    /**
     * Reports progress of the current step; written at most every {@value #THROTTLE_MILLIS} ms, and always when a
     * phase begins or reaches its total.
     *
     * @param total units in all, or {@code -1} when not known
     */
    synchronized void progress(String phaseName, long done, long total, String unit) {
        long now = System.nanoTime();
        boolean newPhase = !phaseName.equals(phase);
        if (newPhase) {
            phase = phaseName;
            phaseStarted = now;
        }
        boolean last = total >= 0 && done >= total;
        if (!newPhase && !last && now - lastWrite < THROTTLE_MILLIS * 1_000_000) {
            return;
        }
        String note = waiting != null && now < waitingUntil ? waiting : null;
        write(phaseName, done, total, unit, now, note);
    }

    private void write(String phaseName, long done, long total, String unit, long now, String note) {
        lastWrite = now;
        lastDone = done;
        lastTotal = total;
        lastUnit = unit;
        double seconds = Math.max(1e-3, (now - phaseStarted) / 1e9);
        // a phase's first report has no elapsed time to rate it by (a load reported done at once is not 24000/s)
        double rate = now == phaseStarted ? 0 : done / seconds;
        Double eta = total >= 0 && rate > 0 ? Math.max(0, (total - done) / rate) : null;
        ModelUsage usage = executionMeter.usage();
        ExecutionProgress.Llm llm = usage.isZero() && note == null ? null : new ExecutionProgress.Llm(usage, note);
        ExecutionProgress p = new ExecutionProgress(step, phaseName, done, total, unit, Math.round(rate * 10) / 10.0,
                eta == null ? null : Math.round(eta * 10) / 10.0, clock.instant(), llm);
        if (journal == null) {
            return;
        }
        try {
            journal.saveProgress(executionId, p);
            journal.append(new ExecutionEvent(0, executionId, ExecutionEvent.Type.PROGRESS, step, null, note, p,
                    clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("execution={} progress not recorded: {}", executionId, e.getMessage());
        }
    }

    private void event(ExecutionEvent.Type type, StepName s, String status, String message, ExecutionProgress p) {
        if (journal == null) {
            return;
        }
        try {
            journal.append(new ExecutionEvent(0, executionId, type, s, status, message, p, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("execution={} event {} not recorded: {}", executionId, type.wire(), e.getMessage());
        }
    }

    /**
     * A progress receiver for a transfer (backup, load) that reports bytes as progress and stops the transfer at the
     * next chunk once the execution is cancelled (the transfer's transaction then rolls back).
     */
    TransferProgress transfer(String phaseName, TransferProgress delegate) {
        TransferProgress inner = delegate == null ? TransferProgress.NONE : delegate;
        return new TransferProgress() {
            private long done;
            private long total = -1;
            private String table;

            @Override
            public void started(String t, long estimatedRows, long expectedBytes) {
                table = t;
                done = 0;
                total = expectedBytes;
                inner.started(t, estimatedRows, expectedBytes);
                if (expectedBytes >= 0) {
                    // without a known size the first chunk says more than "0 bytes"
                    progress(phaseName + ":" + t, 0, total, "bytes");
                }
            }

            @Override
            public void transferred(String t, long bytes) throws IOException {
                stopIfCancelled();
                done += bytes;
                inner.transferred(t, bytes);
                progress(phaseName + ":" + t, done, total, "bytes");
            }

            @Override
            public void chunk(String t, byte[] data, int offset, int length) throws IOException {
                stopIfCancelled();
                done += length;
                inner.chunk(t, data, offset, length);
                progress(phaseName + ":" + t, done, total, "bytes");
            }

            @Override
            public void rows(String t, long rows) {
                inner.rows(t, rows);
            }

            @Override
            public void checkpoint(String what) throws IOException {
                stopIfCancelled();
                inner.checkpoint(what);
            }

            @Override
            public void finished(String t, long rows, long bytes) {
                inner.finished(t, rows, bytes);
                if (bytes >= 0) {
                    progress(phaseName + ":" + (table == null ? t : table), bytes, bytes, "bytes");
                } else if (rows >= 0) {
                    // a part that moves rows, not bytes (the reload's load of the new rows)
                    progress(phaseName + ":" + (table == null ? t : table), rows, rows, "rows");
                }
            }

            private void stopIfCancelled() throws IOException {
                if (cancelled) {
                    throw new IOException("cancelled by request");
                }
            }
        };
    }
}
