package io.datapipeline.core.domain;

/**
 * The data directory has less free space than the floor below which no new backup set is started
 * ({@code PIPELINE_BACKUP_MIN_FREE_SPACE}): nothing was written or changed.
 */
public final class InsufficientSpaceException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public InsufficientSpaceException(String message) {
        super(message);
    }
}
