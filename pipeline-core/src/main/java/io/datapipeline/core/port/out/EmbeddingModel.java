package io.datapipeline.core.port.out;

import io.datapipeline.core.vector.EmbeddingProvenance;
import java.util.List;

/** Turns texts into vectors for the vector store. */
public interface EmbeddingModel {

    /** Human description of the model (endpoint and model name, never a key). */
    String describe();

    /** One vector per text, in order, each of {@link #dimension()} floats. */
    List<float[]> embed(List<String> texts);

    /** The vectors' dimension. */
    int dimension();

    /**
     * Which model this is, recorded with the vectors it makes and compared before they are mixed with others.
     *
     * @throws io.datapipeline.core.domain.InvalidInputException when no model is configured (the message says
     *                                                           which settings to give)
     */
    EmbeddingProvenance provenance();
}
