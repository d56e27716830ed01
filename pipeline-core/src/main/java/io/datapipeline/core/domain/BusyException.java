package io.datapipeline.core.domain;

/**
 * Another process or thread holds the lock the operation needs (the store-wide vector lock or a
 * task's execution lock). HTTP 409, CLI exit 3. Nothing was changed.
 */
public final class BusyException extends PipelineException {

    private static final long serialVersionUID = 1L;

    public BusyException(String message) {
        super(message);
    }
}
