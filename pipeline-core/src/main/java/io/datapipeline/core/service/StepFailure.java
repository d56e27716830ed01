package io.datapipeline.core.service;

import io.datapipeline.core.domain.PipelineException;

/** A step cannot go on; the message says why and what to do. */
final class StepFailure extends PipelineException {

    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
        super(message);
    }

    StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
