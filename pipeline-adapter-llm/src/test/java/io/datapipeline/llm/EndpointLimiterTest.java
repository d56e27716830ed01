package io.datapipeline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.core.port.out.ModelCallObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointLimiterTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Keeps what each caller was told. */
    private static final class Told implements ModelCallObserver {
        final List<String> waits = new CopyOnWriteArrayList<>();

        @Override
        public void waiting(Duration wait, String reason) {
            waits.add(reason + " " + wait.toMillis());
        }
    }

    @Test
    void givenALimitOfThree_whenTenCallersAskAtOnce_thenNeverMoreThanThreeHoldAPermit() throws Exception {
        EndpointLimiter limiter = new EndpointLimiter(3);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            pool.execute(() -> {
                try {
                    limiter.acquire(ModelCallObserver.NONE, "http://llm");
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    holding.decrementAndGet();
                    limiter.release(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(3);
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void givenAPushBack_whenOthersAskMeanwhile_thenEveryCallerWaitsItOutAndIsToldWhyBeforeWaiting() throws Exception {
        EndpointLimiter limiter = new EndpointLimiter(4);
        limiter.pushBack(Duration.ofMillis(600));
        long t0 = System.nanoTime();
        Told first = new Told();
        Told second = new Told();
        List<Long> waited = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        for (Told t : List.of(first, second)) {
            pool.execute(() -> {
                try {
                    limiter.acquire(t, "http://llm");
                    waited.add((System.nanoTime() - t0) / 1_000_000);
                    limiter.release(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(waited).hasSize(2).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(590));
        assertThat(first.waits).singleElement().asString().startsWith("rate limited by http://llm ");
        assertThat(second.waits).hasSize(1);
    }

    @Test
    void givenPushBacks_whenTheEndpointRecovers_thenTheLimitHalvesOncePerBurstAndGrowsBackOneAtATime() throws Exception {
        EndpointLimiter limiter = new EndpointLimiter(8);

        limiter.pushBack(Duration.ofMillis(50));
        limiter.pushBack(Duration.ofMillis(50));
        assertThat(limiter.limit()).as("two refusals of one burst halve it once").isEqualTo(4);
        Thread.sleep(120);
        limiter.pushBack(Duration.ofMillis(1));
        assertThat(limiter.limit()).as("a new burst halves it again").isEqualTo(2);
        Thread.sleep(5);

        for (int i = 0; i < 2; i++) {
            limiter.acquire(ModelCallObserver.NONE, "x");
            limiter.release(true);
        }
        assertThat(limiter.limit()).as("as many answers in a row as the limit raise it by one").isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            limiter.acquire(ModelCallObserver.NONE, "x");
            limiter.release(true);
        }
        assertThat(limiter.limit()).as("never above the maximum").isEqualTo(8);
        limiter.acquire(ModelCallObserver.NONE, "x");
        limiter.release(false);
        assertThat(limiter.limit()).as("a failure that is no push-back changes nothing").isEqualTo(8);
    }

    @Test
    void givenRetryAfterValues_whenParsed_thenSecondsFractionsAndHttpDatesAreReadAndGarbageIsNot() {
        assertThat(JsonHttp.parseRetryAfter("2")).contains(Duration.ofSeconds(2));
        assertThat(JsonHttp.parseRetryAfter(" 1.5 ")).contains(Duration.ofMillis(1500));
        assertThat(JsonHttp.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        assertThat(JsonHttp.parseRetryAfter(inAMinute)).hasValueSatisfying(d -> assertThat(d.toSeconds())
                .isBetween(55L, 60L));
        assertThat(JsonHttp.parseRetryAfter("soon")).isEmpty();
        assertThat(JsonHttp.parseRetryAfter("-3")).isEmpty();
    }
}
