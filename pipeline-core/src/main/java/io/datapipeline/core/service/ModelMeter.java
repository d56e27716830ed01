package io.datapipeline.core.service;

import io.datapipeline.core.execution.ModelUsage;
import io.datapipeline.core.port.out.ModelCallObserver;
import java.time.Duration;

/** Adds up what a model's calls cost (thread-safe: the calls of one step run on several threads). */
final class ModelMeter implements ModelCallObserver {

    private long calls;
    private long promptTokens;
    private long completionTokens;
    private long retries;
    private long waits;
    private long waitMillis;

    @Override
    public synchronized void answered(long prompt, long completion) {
        calls++;
        promptTokens += Math.max(0, prompt);
        completionTokens += Math.max(0, completion);
    }

    @Override
    public synchronized void retrying(String reason) {
        retries++;
    }

    @Override
    public synchronized void waiting(Duration wait, String reason) {
        waits++;
        waitMillis += Math.max(0, wait.toMillis());
    }

    synchronized ModelUsage usage() {
        return new ModelUsage(calls, promptTokens, completionTokens, retries, waits, waitMillis / 1000.0);
    }
}
