package io.datapipeline.core.execution;

import java.util.Objects;

/**
 * The result of an execution: as the run produced it, or as it was stored and read back. The core never looks
 * inside a stored document; adapters render both the same way (the wire shape lives in the adapters).
 */
public sealed interface ResultDocument {

    /** A result this process produced. */
    record Typed(ExecutionResult result) implements ResultDocument {
        public Typed {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * A result read back from storage, as the JSON text that was stored.
     *
     * @param json the document
     */
    record Stored(String json) implements ResultDocument {
        public Stored {
            Objects.requireNonNull(json, "json");
        }
    }

    static ResultDocument of(ExecutionResult result) {
        return new Typed(result);
    }
}
