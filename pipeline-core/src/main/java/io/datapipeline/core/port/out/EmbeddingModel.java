package io.datapipeline.core.port.out;

import java.util.List;

/** Turns texts into vectors for the vector store. */
public interface EmbeddingModel {

    /** Human description of the model (endpoint and model name, never a key). */
    String describe();

    /** One vector per text, in order, each of {@link #dimension()} floats. */
    List<float[]> embed(List<String> texts);

    /** The vectors' dimension. */
    int dimension();
}
