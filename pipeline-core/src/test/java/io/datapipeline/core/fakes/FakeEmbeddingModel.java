package io.datapipeline.core.fakes;

import io.datapipeline.core.port.out.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/** Deterministic vectors from the text's hash; counts calls; can be told to fail. */
public final class FakeEmbeddingModel implements EmbeddingModel {

    private final int dimension;
    private String provider = "fake";
    private String model = "fake-hash-v1";
    private int calls;
    private RuntimeException failure;

    public FakeEmbeddingModel(int dimension) {
        this.dimension = dimension;
    }

    /** Claims to be another model (same vectors), to test the provenance guard. */
    public FakeEmbeddingModel as(String provider, String model) {
        this.provider = provider;
        this.model = model;
        return this;
    }

    @Override
    public io.datapipeline.core.vector.EmbeddingProvenance provenance() {
        return io.datapipeline.core.vector.EmbeddingProvenance.of(provider, model, dimension);
    }

    public FakeEmbeddingModel failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    public int calls() {
        return calls;
    }

    @Override
    public String describe() {
        return "fake embeddings (" + dimension + " dimensions)";
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        calls++;
        if (failure != null) {
            throw failure;
        }
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            float[] v = new float[dimension];
            int h = t.hashCode();
            for (int i = 0; i < dimension; i++) {
                v[i] = ((h >>> (i % 31)) & 0xff) / 255f;
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public int dimension() {
        return dimension;
    }
}
