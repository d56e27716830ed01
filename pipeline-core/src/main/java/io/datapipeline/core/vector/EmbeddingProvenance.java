package io.datapipeline.core.vector;

import java.util.Objects;

/**
 * Which embedding model made the vectors of a collection: recorded in the collection's {@code cmetadata}
 * (under {@value #KEY}) by every load, and compared before the next one, because the assistant can only search
 * vectors made by the model it embeds its questions with.
 *
 * @param provider   {@code openai}, {@code ollama}, {@code offline}…
 * @param model      the model name as the provider knows it
 * @param dimension  vector dimension
 * @param recordedAt ISO-8601 time of the load that recorded it, or {@code null} for a model not yet used
 * @param taskId     task whose load recorded it, or {@code null}
 */
public record EmbeddingProvenance(String provider, String model, int dimension, String recordedAt, String taskId) {

    /** The key of the provenance object in a collection's {@code cmetadata}. */
    public static final String KEY = "embedding";

    public EmbeddingProvenance {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, not " + dimension);
        }
    }

    /** A model about to be used (not yet recorded anywhere). */
    public static EmbeddingProvenance of(String provider, String model, int dimension) {
        return new EmbeddingProvenance(provider, model, dimension, null, null);
    }

    /** The same provenance as recorded by a load at {@code at} for {@code task}. */
    public EmbeddingProvenance recorded(String at, String task) {
        return new EmbeddingProvenance(provider, model, dimension, at, task);
    }

    /** True when vectors of both can be searched together: same provider, model and dimension. */
    public boolean sameModelAs(EmbeddingProvenance other) {
        return other != null && provider.equals(other.provider) && model.equals(other.model)
                && dimension == other.dimension;
    }

    /** {@code provider/model (N dimensions)}, plus who recorded it when known. */
    public String describe() {
        String s = provider + "/" + model + " (" + dimension + " dimensions)";
        if (recordedAt != null || taskId != null) {
            s += ", recorded" + (taskId == null ? "" : " by task " + taskId) + (recordedAt == null ? "" : " at " + recordedAt);
        }
        return s;
    }
}
