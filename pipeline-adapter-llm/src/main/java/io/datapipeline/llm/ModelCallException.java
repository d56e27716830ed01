package io.datapipeline.llm;

import io.datapipeline.core.domain.PipelineException;

/** A model endpoint could not be reached or refused the request, after retries. Names the endpoint, never the key. */
public final class ModelCallException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public ModelCallException(String message) {
        super(message);
    }

    public ModelCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
