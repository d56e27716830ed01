package io.datapipeline.core.domain;

/** Base of the exceptions the pipeline raises on purpose; adapters map each subtype to a status. */
public class PipelineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
