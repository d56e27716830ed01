package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TableName;
import java.util.List;

/** The DDL and Markdown of one table of a business database, with or without comments from the language model. */
public interface DescribeBusinessTableUseCase {

    /**
     * @throws io.datapipeline.core.domain.NotFoundException when the table does not exist or is not visible
     * @throws io.datapipeline.core.domain.InvalidInputException (field {@code db_connection}) when the database cannot
     *         be reached, (field {@code llm_comments}) when comments are asked for and no language model is configured
     */
    TableDocument describe(DescribeBusinessTableCommand command);

    /**
     * The documents and what they were made from.
     *
     * @param database    the database's name (no host, no user)
     * @param table       the table as the catalog describes it
     * @param fields      its columns
     * @param ddl         the commented {@code CREATE TABLE}, or {@code null} when not asked for
     * @param markdown    the Markdown, or {@code null} when not asked for
     * @param output      what was asked for
     * @param llmComments whether the language model's comments are in the documents
     * @param model       the model asked, or {@code null}
     * @param sampledRows how many rows the examples come from
     * @param warnings    what did not go as asked (the model failed, none configured)
     */
    record TableDocument(String database, TableInfo table, List<Field> fields, String ddl, String markdown,
            DescribeBusinessTableCommand.Output output, boolean llmComments, String model, int sampledRows,
            List<String> warnings) {
        public TableDocument {
            fields = List.copyOf(fields);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The table.
     *
     * @param name          schema-qualified
     * @param comment       its comment, or {@code null}
     * @param commentSource {@code database} or {@code llm}, or {@code null} without a comment
     * @param estimatedRows the planner's estimate, {@code -1} if unknown
     * @param primaryKey    primary-key columns
     * @param foreignKeys   foreign keys
     */
    record TableInfo(TableName name, String comment, String commentSource, long estimatedRows, List<String> primaryKey,
            List<ForeignKey> foreignKeys) {
        public TableInfo {
            primaryKey = List.copyOf(primaryKey);
            foreignKeys = List.copyOf(foreignKeys);
        }
    }

    /**
     * A column.
     *
     * @param comment       its comment, or {@code null}
     * @param commentSource {@code database} or {@code llm}, or {@code null} without a comment
     * @param defaultValue  the default expression, or {@code null}
     */
    record Field(String name, String type, boolean nullable, String defaultValue, String comment, String commentSource,
            boolean primaryKey) {
    }

    /** A foreign key. */
    record ForeignKey(List<String> columns, TableName references, List<String> referencedColumns) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
