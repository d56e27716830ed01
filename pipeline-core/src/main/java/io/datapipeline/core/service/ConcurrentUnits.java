package io.datapipeline.core.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the units of a step (tables, themes) with at most {@code parallelism} at once, on the executor the assembly
 * owns; the results come back in the order of the inputs, whatever order the units finish in, so what a step writes
 * from them does not depend on timing. With a parallelism of 1 (or no executor) the units run one after the other in
 * the calling thread. A unit that throws stops new units from starting; those already running finish (what they wrote
 * is kept), then the first failure is thrown.
 */
final class ConcurrentUnits {

    /** One unit of work: the input's position and the input. */
    interface Unit<I, R> {
        R run(int index, I input);
    }

    private final Executor executor;

    /** @param executor where units run beside the calling thread, or {@code null} to run them one by one */
    ConcurrentUnits(Executor executor) {
        this.executor = executor;
    }

    /** Sequential only (tests, callers without an executor). */
    static ConcurrentUnits sequential() {
        return new ConcurrentUnits(null);
    }

    <I, R> List<R> run(List<I> inputs, int parallelism, Unit<I, R> unit) {
        int lanes = Math.min(Math.max(1, parallelism), inputs.size());
        if (executor == null || lanes <= 1) {
            List<R> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                out.add(unit.run(i, inputs.get(i)));
            }
            return out;
        }
        Object[] results = new Object[inputs.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(lanes);
        Runnable lane = () -> {
            try {
                for (int i = next.getAndIncrement(); i < inputs.size() && failure.get() == null;
                        i = next.getAndIncrement()) {
                    try {
                        results[i] = unit.run(i, inputs.get(i));
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                    }
                }
            } finally {
                ended.countDown();
            }
        };
        int started = 0;
        try {
            for (; started < lanes; started++) {
                executor.execute(lane);
            }
        } catch (RejectedExecutionException e) {
            // the pool is shutting down: the lanes that could not start are run here
            for (int i = started; i < lanes; i++) {
                ended.countDown();
            }
            if (started == 0) {
                lane.run();
            }
        }
        awaitUninterruptibly(ended);
        Throwable first = failure.get();
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return new ArrayList<>(out);
    }

    /** Waits for the lanes to end: the units are what must stop (a cancel reaches them), not this wait. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
