package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ConflictException;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.PipelineException;

/** How vector management tells and words its failures: the caller's mistakes apart from the rest. */
public final class Failures {

    private Failures() {
    }

    /** Exceptions that mean "the caller asked for something wrong" and must reach the adapter as such. */
    public static boolean isCallerError(RuntimeException e) {
        return e instanceof BusyException || e instanceof InvalidInputException || e instanceof NotFoundException
                || e instanceof ConflictException;
    }

    /** The failure's own words: a pipeline exception's message, else the first message down its causes. */
    public static String message(Throwable e) {
        Throwable t = e;
        if (t instanceof PipelineException && t.getMessage() != null) {
            return t.getMessage();
        }
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
