package io.datapipeline.core.domain;

/**
 * The operation cannot run against the store or backup set as they are (a set that is incomplete or damaged,
 * vectors of another embedding model, another dimension). Nothing was changed; the message says why and what
 * to do. HTTP 409, CLI exit 1.
 */
public final class ConflictException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
