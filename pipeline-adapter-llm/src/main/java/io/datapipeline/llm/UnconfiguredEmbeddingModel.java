package io.datapipeline.llm;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.port.out.EmbeddingModel;
import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;

/**
 * Stands in when no embedding model is configured: every use fails, before the store is touched, with a
 * message that names the settings to give. Vectors are never made up silently.
 */
public final class UnconfiguredEmbeddingModel implements EmbeddingModel {

    static final String MESSAGE = "no embedding model is configured and the in-process embedder ("
            + ModelSettings.IN_PROCESS_ARTIFACT + ", the default) is not on the class path: add that artifact, or set "
            + "PIPELINE_EMBEDDING_BASE_URL and "
            + "PIPELINE_EMBEDDING_MODEL (and PIPELINE_EMBEDDING_API_KEY, PIPELINE_EMBEDDING_DIMENSION, "
            + "PIPELINE_EMBEDDING_PROVIDER=openai|ollama) to the model the assistant embeds its questions with, or "
            + "PIPELINE_EMBEDDING_PROVIDER=offline for the offline lexical embedder (demos and tests only: its vectors "
            + "are not semantic); nothing was changed";

    private final int dimension;

    public UnconfiguredEmbeddingModel(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public String describe() {
        return "no embedding model configured";
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        throw InvalidInputException.missing("PIPELINE_EMBEDDING_BASE_URL", MESSAGE);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public EmbeddingProvenance provenance() {
        throw InvalidInputException.missing("PIPELINE_EMBEDDING_BASE_URL", MESSAGE);
    }
}
