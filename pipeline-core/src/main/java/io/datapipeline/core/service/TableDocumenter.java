package io.datapipeline.core.service;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One table documented as {@code ddl_generation} documents it: the catalog's description, up to {@value #SAMPLE_ROWS}
 * sample rows, the language model's comments for what the catalog leaves uncommented (when asked and a model is
 * there), and the two documents rendered from them. Shared by the step and the table-DDL use case.
 */
final class TableDocumenter {

    static final int SAMPLE_ROWS = 20;

    private final SchemaInspector inspector;
    private final Optional<LanguageModel> model;

    TableDocumenter(SchemaInspector inspector, Optional<LanguageModel> model) {
        this.inspector = inspector;
        this.model = model;
    }

    /**
     * A documented table.
     *
     * @param proposal the model's comments, or {@code null} when none were asked for or it gave none
     */
    record Documented(SchemaInspector.TableDescription description, List<Map<String, String>> samples,
            LanguageModel.CommentProposal proposal, String ddl, String markdown) {

        int proposedComments() {
            return proposal == null ? 0 : proposal.columns().size() + (proposal.tableComment() == null ? 0 : 1);
        }
    }

    Optional<LanguageModel> model() {
        return model;
    }

    /**
     * @param businessContext given to the model
     * @param askModel        whether to ask the model for missing comments
     * @param warnings        receives what went wrong on the way (the model's failure); the table is documented anyway
     * @return empty when the table does not exist (it is then never sampled)
     */
    Optional<Documented> document(DatabaseUrl db, TableName table, String businessContext, boolean askModel,
            Consumer<String> warnings) {
        return document(db, table, businessContext, askModel, warnings, ExecutionMonitor.none());
    }

    /** As above, the model call aborted by a cancel of the execution {@code monitor} watches. */
    Optional<Documented> document(DatabaseUrl db, TableName table, String businessContext, boolean askModel,
            Consumer<String> warnings, ExecutionMonitor monitor) {
        Optional<SchemaInspector.TableDescription> found = inspector.describe(db, table);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SchemaInspector.TableDescription d = found.get();
        List<Map<String, String>> samples = inspector.sample(db, d.table(), SAMPLE_ROWS);
        LanguageModel.CommentProposal proposal = askModel ? proposeComments(d, samples, businessContext, warnings,
                monitor) : null;
        return Optional.of(new Documented(d, samples, proposal, DdlRenderer.ddl(d, proposal),
                DdlRenderer.markdown(d, samples, proposal)));
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
        StringBuilder user = new StringBuilder("Business context: ").append(businessContext)
                .append("\nTable: ").append(DdlRenderer.display(d.table()));
        if (d.comment() != null) {
            user.append(" (").append(d.comment()).append(')');
        }
        user.append("\nColumns:\n");
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            user.append("- ").append(c.name()).append(' ').append(c.type());
            if (c.comment() != null) {
                user.append(" -- ").append(c.comment());
            }
            user.append('\n');
        }
        user.append("Sample rows:\n");
        samples.stream().limit(5).forEach(r -> user.append(r).append('\n'));
        try {
            return monitor.call(() -> model.get().proposeComments(Prompts.COMMENTS_SYSTEM, user.toString()));
        } catch (ExecutionMonitor.CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            warnings.accept("no comments proposed for " + d.table().display() + ": " + e.getMessage());
            return null;
        }
    }
}
