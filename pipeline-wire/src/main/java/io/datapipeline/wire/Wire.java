package io.datapipeline.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datapipeline.core.execution.ExecutionResult;
import io.datapipeline.core.execution.ResultDocument;
import io.datapipeline.core.execution.StepResult;
import io.datapipeline.core.vector.BackupListing;
import io.datapipeline.core.vector.DedupeReport;
import io.datapipeline.core.vector.RestoreReport;
import io.datapipeline.core.vector.VectorManagementReport;
import io.datapipeline.core.vector.VerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one home of the wire shape: turns the core's typed results into JSON trees (maps and lists in the field
 * order the seed and the original use) and JSON text. REST, CLI, the task files and the execution records all
 * go through here, so a renamed field is a compiler error, not a grep.
 */
public final class Wire {

    /** Pretty-printed, as the files and the CLI's {@code --json} have always been. */
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Wire() {
    }

    /**
     * The JSON tree of a value: a core result becomes its wire map; maps and lists are converted element by
     * element; anything else (strings, numbers, booleans, null) stays as it is.
     */
    public static Object tree(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof ExecutionResult r) {
            return ResultShapes.execution(r);
        }
        if (value instanceof ResultDocument d) {
            return ResultShapes.document(d);
        }
        if (value instanceof StepResult.SqlValidationReport r) {
            return ResultShapes.validationReport(r);
        }
        if (value instanceof StepResult r) {
            return ResultShapes.step(r);
        }
        if (value instanceof VectorManagementReport r) {
            return VectorShapes.vectorManagement(r);
        }
        if (value instanceof RestoreReport r) {
            return VectorShapes.restore(r);
        }
        if (value instanceof VerifyReport r) {
            return VectorShapes.verify(r);
        }
        if (value instanceof BackupListing l) {
            return VectorShapes.listing(l);
        }
        if (value instanceof DedupeReport r) {
            return VectorShapes.dedupe(r);
        }
        if (value instanceof io.datapipeline.core.port.in.ReembedReport r) {
            return ReembedShapes.reembed(r);
        }
        if (value instanceof io.datapipeline.core.vector.PruneReport r) {
            return VectorShapes.prune(r);
        }
        if (value instanceof io.datapipeline.core.retrieval.RetrievalEvaluation e) {
            return RetrievalShapes.evaluation(e);
        }
        if (value instanceof io.datapipeline.core.vector.StoreSearchResult r) {
            return StoreShapes.search(r);
        }
        if (value instanceof io.datapipeline.core.vector.StoreInventory i) {
            return StoreShapes.inventory(i);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, tree(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(tree(v)));
            return out;
        }
        return value;
    }

    /** Pretty-printed JSON of {@link #tree(Object)}. */
    public static String pretty(Object value) {
        return write(PRETTY, value);
    }

    /** Compact JSON of {@link #tree(Object)} (for storage). */
    public static String compact(Object value) {
        return write(COMPACT, value);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(tree(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Parses stored JSON text into maps (in document order) and lists. */
    public static Object parse(String json) {
        try {
            return COMPACT.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored document is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
