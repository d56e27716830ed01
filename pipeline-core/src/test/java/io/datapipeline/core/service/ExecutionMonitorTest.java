package io.datapipeline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.execution.ExecutionEvent;
import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.fakes.InMemoryExecutionJournal;
import io.datapipeline.core.port.out.ModelCallObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The monitor of an execution whose units run on several threads: waits published at once, cancels reach all. */
class ExecutionMonitorTest {

    private final InMemoryExecutionJournal journal = new InMemoryExecutionJournal(id -> true);
    private final ExecutionMonitor monitor = new ExecutionMonitor(journal, "exec_1", Clock.systemUTC());

    @Test
    void givenACallThatWaits_whenTheWaitIsTold_thenAProgressEventSaysHowLongAndWhyAtOnceWithTheUsageSoFar() {
        monitor.stepStarted(StepName.DDL_GENERATION);
        monitor.progress("tables", 3, 24, "tables");
        EarlierOutputsView observer = new EarlierOutputsView();
        monitor.observe(observer).describe();
        observer.observer.answered(120, 30);

        observer.observer.waiting(Duration.ofMillis(11_600), "rate limited by http://llm/v1");

        List<ExecutionEvent> events = journal.events("exec_1", 0, 100);
        ExecutionEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo(ExecutionEvent.Type.PROGRESS);
        assertThat(last.message()).isEqualTo("waiting 12 s: rate limited by http://llm/v1");
        assertThat(last.progress().done()).isEqualTo(3);
        assertThat(last.progress().llm().waiting()).isEqualTo("waiting 12 s: rate limited by http://llm/v1");
        assertThat(last.progress().llm().usage()).isEqualTo(new ModelUsage(1, 120, 30, 0, 1, 11.6));
        assertThat(journal.progress("exec_1").orElseThrow().llm().waiting()).startsWith("waiting 12 s");
        assertThat(monitor.stepUsage()).isEqualTo(monitor.executionUsage());
        monitor.stepStarted(StepName.QA_GENERATION);
        assertThat(monitor.stepUsage()).isEqualTo(ModelUsage.ZERO);
        assertThat(monitor.executionUsage().calls()).isEqualTo(1);
    }

    /** A model view that keeps the observer it is given. */
    private static final class EarlierOutputsView implements io.datapipeline.core.port.out.LanguageModel {
        ModelCallObserver observer;

        @Override
        public io.datapipeline.core.port.out.LanguageModel observedBy(ModelCallObserver o) {
            this.observer = o;
            return this;
        }

        @Override
        public String describe() {
            return "view";
        }

        @Override
        public List<Theme> proposeThemes(String s, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.datapipeline.core.port.out.QuestionSqlPair> generatePairs(String s, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String repairSql(String s, String u) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CommentProposal proposeComments(String s, String u) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void givenCallsInFlightOnSeveralThreads_whenCancelled_thenEveryOneIsInterruptedAndEndsCancelled() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch inCall = new CountDownLatch(3);
        try {
            List<Future<Object>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> monitor.interruptibly(() -> {
                    inCall.countDown();
                    Thread.sleep(30_000);
                    return "answered";
                })));
            }
            assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();

            monitor.cancel();

            for (Future<Object> f : calls) {
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(
                        ExecutionMonitor.CancelledException.class);
            }
            assertThatThrownBy(() -> monitor.interruptibly(() -> "late")).as("a call after the cancel never starts")
                    .isInstanceOf(ExecutionMonitor.CancelledException.class);
        } finally {
            pool.shutdownNow();
        }
    }
}
