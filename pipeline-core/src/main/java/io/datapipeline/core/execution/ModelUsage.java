package io.datapipeline.core.execution;

/**
 * What the language model cost: requests it answered, the tokens its answers' {@code usage} reported, the attempts
 * made again after a failure, and the time spent waiting (rate limits, back-offs).
 *
 * @param calls            requests the model answered
 * @param promptTokens     {@code usage.prompt_tokens}, summed
 * @param completionTokens {@code usage.completion_tokens}, summed
 * @param retries          attempts made again (HTTP 429/5xx, timeouts, unusable answers)
 * @param waits            waits before an attempt (the endpoint's {@code Retry-After}, back-offs)
 * @param waitSeconds      their total length
 */
public record ModelUsage(long calls, long promptTokens, long completionTokens, long retries, long waits,
        double waitSeconds) {

    public static final ModelUsage ZERO = new ModelUsage(0, 0, 0, 0, 0, 0);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public ModelUsage plus(ModelUsage o) {
        return new ModelUsage(calls + o.calls, promptTokens + o.promptTokens, completionTokens + o.completionTokens,
                retries + o.retries, waits + o.waits, Math.round((waitSeconds + o.waitSeconds) * 1000) / 1000.0);
    }

    public boolean isZero() {
        return equals(ZERO);
    }
}
