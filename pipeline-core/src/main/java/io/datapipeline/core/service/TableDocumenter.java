package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.GenerationOptions;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One table documented as {@code ddl_generation} documents it: the catalog's description, up to
 * {@code sample_data_limit} sample rows, the text columns that are enumerations (their distinct values among the
 * first {@code enum_detection_sample_limit} rows, at most {@code enum_max_distinct_values}), the language model's
 * comments for what the catalog leaves uncommented (when asked and a model is there), and the two documents rendered
 * from them. Shared by the step, the standalone generator and the table-DDL use case.
 */
final class TableDocumenter {

    /** Parts of column names that mark a category (the original's {@code enum_varchar_keywords}). */
    static final List<String> ENUM_KEYWORDS = List.of("性别", "gender", "状态", "status", "类型", "type", "级别", "level",
            "方向", "direction", "品类", "classify", "模式", "mode", "格式", "format");

    private final SchemaInspector inspector;
    private final Optional<LanguageModel> model;

    TableDocumenter(SchemaInspector inspector, Optional<LanguageModel> model) {
        this.inspector = inspector;
        this.model = model;
    }

    /**
     * A documented table.
     *
     * @param proposal   the model's comments, or {@code null} when none were asked for or it gave none
     * @param enums      enumeration columns and their values, most frequent first
     * @param modelError why the model's comments are missing when they were asked for and it failed, else {@code null}
     */
    record Documented(SchemaInspector.TableDescription description, List<Map<String, String>> samples,
            LanguageModel.CommentProposal proposal, Map<String, List<String>> enums, String ddl, String markdown,
            String modelError) {

        int proposedComments() {
            return proposal == null ? 0 : proposal.columns().size() + (proposal.tableComment() == null ? 0 : 1);
        }
    }

    Optional<LanguageModel> model() {
        return model;
    }

    /**
     * With the default options and no execution.
     *
     * @param businessContext given to the model
     * @param askModel        whether to ask the model for missing comments
     * @param warnings        receives what went wrong on the way (the model's failure); the table is documented anyway
     * @return empty when the table does not exist (it is then never sampled)
     */
    Optional<Documented> document(DatabaseUrl db, TableName table, String businessContext, boolean askModel,
            Consumer<String> warnings) {
        Optional<SchemaInspector.TableDescription> found = inspector.describe(db, table);
        return found.map(d -> document(db, d, businessContext, askModel, GenerationOptions.DEFAULTS.tables(), warnings,
                ExecutionMonitor.none()));
    }

    /**
     * Documents a described table; the model call is aborted by a cancel of the execution {@code monitor} watches,
     * and counted in its usage.
     */
    Documented document(DatabaseUrl db, SchemaInspector.TableDescription d, String businessContext, boolean askModel,
            GenerationOptions.Tables options, Consumer<String> warnings, ExecutionMonitor monitor) {
        List<Map<String, String>> samples = inspector.sample(db, d.table(), options.sampleDataLimit());
        Map<String, List<String>> enums = enumerations(db, d, samples, options, warnings);
        String[] error = new String[1];
        LanguageModel.CommentProposal proposal = askModel ? proposeComments(d, samples, businessContext, w -> {
            error[0] = w;
            warnings.accept(w);
        }, monitor) : null;
        return new Documented(d, samples, proposal, enums, DdlRenderer.ddl(d, proposal),
                DdlRenderer.markdown(d, samples, proposal, enums), error[0]);
    }

    /**
     * The text columns that are enumerations: a sample value repeats or the name marks a category, and the column holds
     * at most {@code enum_max_distinct_values} distinct values among the first {@code enum_detection_sample_limit}
     * rows, each held by two rows on average (or the name marks a category).
     */
    private Map<String, List<String>> enumerations(DatabaseUrl db, SchemaInspector.TableDescription d,
            List<Map<String, String>> samples, GenerationOptions.Tables options, Consumer<String> warnings) {
        Map<String, List<String>> enums = new LinkedHashMap<>();
        if (options.enumMaxDistinctValues() == 0) {
            return enums;
        }
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            boolean named = namesACategory(c.name());
            if (!isText(c.type()) || !(named || repeats(samples, c.name()))) {
                continue;
            }
            List<SchemaInspector.ValueCount> values;
            try {
                values = inspector.distinctValues(db, d.table(), c.name(), options.enumDetectionSampleLimit(),
                        options.enumMaxDistinctValues());
            } catch (RuntimeException e) {
                // an enumeration is a note in the documents, not worth the table: it is documented without it
                warnings.accept("the values of " + d.table().display() + "." + c.name() + " could not be counted: "
                        + e.getMessage());
                continue;
            }
            long rows = values.stream().mapToLong(SchemaInspector.ValueCount::count).sum();
            if (!values.isEmpty() && values.size() <= options.enumMaxDistinctValues()
                    && (named || rows >= 2L * values.size())) {
                enums.put(c.name(), values.stream().map(SchemaInspector.ValueCount::value).toList());
            }
        }
        return enums;
    }

    static boolean namesACategory(String column) {
        String lower = column.toLowerCase(Locale.ROOT);
        return ENUM_KEYWORDS.stream().anyMatch(lower::contains);
    }

    private static boolean isText(String type) {
        return type.startsWith("character") || type.equals("text") || type.startsWith("varchar")
                || type.equals("\"char\"") || type.equals("citext");
    }

    private static boolean repeats(List<Map<String, String>> samples, String column) {
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, String> row : samples) {
            String v = row.get(column);
            if (v != null && !seen.add(v)) {
                return true;
            }
        }
        return false;
    }

    private LanguageModel.CommentProposal proposeComments(SchemaInspector.TableDescription d,
            List<Map<String, String>> samples, String businessContext, Consumer<String> warnings,
            ExecutionMonitor monitor) {
        if (model.isEmpty()) {
            return null;
        }
        boolean missing = d.comment() == null || d.columns().stream().anyMatch(c -> c.comment() == null);
        if (!missing) {
            return null;
        }
        String user = Prompts.comments(d, samples, businessContext);
        LanguageModel observed = monitor.observe(model.get());
        try {
            return monitor.call(() -> observed.proposeComments(Prompts.COMMENTS_SYSTEM, user));
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            warnings.accept("no comments proposed for " + d.table().display() + ": " + e.getMessage());
            return null;
        }
    }

    /** Whether {@link #document} would ask the model about this table (a comment is missing and there is a model). */
    boolean wouldAsk(SchemaInspector.TableDescription d) {
        return model.isPresent() && (d.comment() == null || d.columns().stream().anyMatch(c -> c.comment() == null));
    }
}
