package io.datapipeline.core.domain;

/** A task, backup set or file that the caller named does not exist. HTTP 404, CLI exit 1. */
public final class NotFoundException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
