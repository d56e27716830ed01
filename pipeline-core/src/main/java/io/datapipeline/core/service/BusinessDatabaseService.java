package io.datapipeline.core.service;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TaskParameters;
import io.datapipeline.core.port.in.DescribeBusinessTableCommand;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase;
import io.datapipeline.core.port.in.ListBusinessTablesCommand;
import io.datapipeline.core.port.in.ListBusinessTablesUseCase;
import io.datapipeline.core.port.out.LanguageModel;
import io.datapipeline.core.port.out.SchemaInspector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A business database looked at outside a task: which tables it has, and one table documented exactly as
 * {@code ddl_generation} documents it (the same {@link TableDocumenter}). Read-only; nothing is stored.
 */
public final class BusinessDatabaseService implements ListBusinessTablesUseCase, DescribeBusinessTableUseCase {

    private static final Logger LOG = LoggerFactory.getLogger(BusinessDatabaseService.class);

    private final SchemaInspector inspector;
    private final TableDocumenter documenter;

    public BusinessDatabaseService(SchemaInspector inspector, Optional<LanguageModel> model) {
        this.inspector = inspector;
        this.documenter = new TableDocumenter(inspector, model);
    }

    @Override
    public BusinessTables listTables(ListBusinessTablesCommand cmd) {
        List<TableName> tables = inspector.listTables(cmd.database(), cmd.schemas()).stream()
                .filter(t -> cmd.pattern().map(p -> p.matches(t)).orElse(true)).toList();
        List<String> schemas = cmd.schemas();
        if (schemas.isEmpty()) {
            LinkedHashSet<String> found = new LinkedHashSet<>();
            tables.forEach(t -> found.add(t.schema()));
            schemas = List.copyOf(found);
        }
        LOG.info("database={} listed tables={} schemas={}", cmd.database().masked(), tables.size(), schemas);
        return new BusinessTables(cmd.database().database(), schemas, tables);
    }

    @Override
    public TableDocument describe(DescribeBusinessTableCommand cmd) {
        boolean ask = cmd.wantsLlmComments();
        List<String> warnings = new ArrayList<>();
        if (ask && documenter.model().isEmpty()) {
            if (Boolean.TRUE.equals(cmd.llmComments())) {
                throw InvalidInputException.invalid("llm_comments", "llm_comments: true needs a language model, and "
                        + "none is configured on this side; leave it out or set it false for the catalog's comments only");
            }
            warnings.add("no language model is configured; the documents carry the catalog's comments only");
            ask = false;
        }
        String context = cmd.businessContext() == null ? TaskParameters.DEFAULT_BUSINESS_CONTEXT : cmd.businessContext();
        TableDocumenter.Documented doc = documenter.document(cmd.database(), cmd.table(), context, ask, warnings::add)
                .orElseThrow(() -> new NotFoundException("table " + cmd.table().display() + " does not exist in "
                        + cmd.database().masked() + " (or is not visible to its user)"));
        SchemaInspector.TableDescription d = doc.description();
        LanguageModel.CommentProposal p = doc.proposal();
        List<Field> fields = new ArrayList<>();
        for (SchemaInspector.ColumnDescription c : d.columns()) {
            String proposed = p == null ? null : blankToNull(p.columns().get(c.name()));
            boolean own = c.comment() != null && !c.comment().isBlank();
            fields.add(new Field(c.name(), c.type(), c.nullable(), c.defaultValue(), own ? c.comment() : proposed,
                    own ? "database" : proposed != null ? "llm" : null, d.primaryKey().contains(c.name())));
        }
        boolean ownComment = d.comment() != null && !d.comment().isBlank();
        String proposedComment = p == null ? null : blankToNull(p.tableComment());
        List<ForeignKey> fks = d.foreignKeys().stream().map(fk -> new ForeignKey(fk.columns(), fk.referencedTable(),
                fk.referencedColumns())).toList();
        TableInfo info = new TableInfo(d.table(), ownComment ? d.comment() : proposedComment, ownComment ? "database"
                : proposedComment != null ? "llm" : null, d.estimatedRows(), d.primaryKey(), fks);
        warnings.forEach(w -> LOG.warn("database={} table={} {}", cmd.database().masked(), d.table().display(), w));
        LOG.info("database={} table={} documented output={} llm_comments={}", cmd.database().masked(),
                d.table().display(), cmd.output().wire(), doc.proposedComments() > 0);
        return new TableDocument(cmd.database().database(), info, fields, cmd.output().ddl() ? doc.ddl() : null,
                cmd.output().markdown() ? doc.markdown() : null, cmd.output(), doc.proposedComments() > 0,
                ask ? documenter.model().get().describe() : null, doc.samples().size(), warnings);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
