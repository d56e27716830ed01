package io.datapipeline.core.service;

import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the language-model steps need to run their units (tables, themes) at scale: the executor their units run on
 * (owned and closed by the assembly), where finished units are recorded, and how many calls in flight this process
 * lets the model endpoint take ({@code PIPELINE_LLM_CONCURRENCY}: a task asking for more gets that many).
 */
public final class LlmWork {

    /** Units one by one in the calling thread, nothing recorded, the system clock (tests, library defaults). */
    static final LlmWork SEQUENTIAL = new LlmWork(null, UnitCheckpoints.NONE, GenerationOptions.MAX_CONCURRENCY,
            Clock.systemUTC());

    private final ConcurrentUnits units;
    private final UnitCheckpoints checkpoints;
    private final int llmConcurrency;
    private final Clock clock;

    private LlmWork(Executor executor, UnitCheckpoints checkpoints, int llmConcurrency, Clock clock) {
        this.units = new ConcurrentUnits(executor);
        this.checkpoints = checkpoints;
        this.llmConcurrency = llmConcurrency;
        this.clock = clock;
    }

    /**
     * @param executor       runs the units beside the execution's thread; no thread of its own is started here
     * @param checkpoints    where finished units are recorded
     * @param llmConcurrency calls in flight this process allows the model endpoint
     */
    public static LlmWork of(Executor executor, UnitCheckpoints checkpoints, int llmConcurrency, Clock clock) {
        return new LlmWork(executor, checkpoints, llmConcurrency, clock);
    }

    ConcurrentUnits units() {
        return units;
    }

    UnitCheckpoints checkpoints() {
        return checkpoints;
    }

    int llmConcurrency() {
        return llmConcurrency;
    }

    Clock clock() {
        return clock;
    }
}
