package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentUnitsTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private int slow(int i) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(5 + ThreadLocalRandom.current().nextInt(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        return i * 10;
    }

    @Test
    void givenMoreUnitsThanLanes_whenRun_thenAtMostTheParallelismRunsAtOnceAndResultsComeInInputOrder() {
        List<Integer> inputs = IntStream.range(0, 40).boxed().toList();

        List<Integer> out = new ConcurrentUnits(pool).run(inputs, 4, (i, x) -> slow(x));

        assertThat(out).containsExactlyElementsOf(inputs.stream().map(x -> x * 10).toList());
        assertThat(maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void givenAParallelismOfOneOrNoExecutor_whenRun_thenUnitsRunOneByOneInTheCallingThread() {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller = new java.util.concurrent.CopyOnWriteArrayList<>();

        new ConcurrentUnits(pool).run(List.of(1, 2, 3), 1, (i, x) -> onCaller.add(Thread.currentThread() == caller));
        ConcurrentUnits.sequential().run(List.of(1, 2, 3), 8, (i, x) -> onCaller.add(Thread.currentThread() == caller));

        assertThat(onCaller).hasSize(6).containsOnly(true);
    }

    @Test
    void givenAUnitThatFails_whenRun_thenNoNewUnitStartsTheRunningOnesFinishAndTheFailureIsThrown() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();

        assertThatThrownBy(() -> new ConcurrentUnits(pool).run(IntStream.range(0, 100).boxed().toList(), 4, (i, x) -> {
            started.incrementAndGet();
            if (x == 5) {
                throw new IllegalStateException("unit 5 failed");
            }
            slow(x);
            finished.incrementAndGet();
            return x;
        })).isInstanceOf(IllegalStateException.class).hasMessage("unit 5 failed");

        assertThat(started.get()).as("the rest never started").isLessThan(20);
        assertThat(finished.get()).as("every unit that started, but the failed one, ended").isEqualTo(started.get() - 1);
        assertThat(inFlight.get()).isZero();
    }

    @Test
    void givenAPoolThatRefusesWork_whenRun_thenTheUnitsRunInTheCallingThread() {
        pool.shutdown();

        assertThat(new ConcurrentUnits(pool).run(List.of(1, 2, 3), 3, (i, x) -> x + 1)).containsExactly(2, 3, 4);
    }
}
