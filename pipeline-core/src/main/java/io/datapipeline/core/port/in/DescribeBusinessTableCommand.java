package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TableName;
import java.util.Locale;
import java.util.Objects;

/**
 * Document one table of a business database as {@code ddl_generation} does: a commented {@code CREATE TABLE} and the
 * Markdown description, from the catalog and a sample of rows, optionally with comments the language model proposes
 * for what the catalog leaves uncommented.
 *
 * @param database        the business database (holds a password: never log or return it raw)
 * @param table           the table ({@code table} or {@code schema.table})
 * @param businessContext one sentence about the business for the language model, or {@code null}
 * @param output          which documents to return
 * @param llmComments     ask the language model for missing comments; {@code null}: when a business context is given
 *                        (the original's rule)
 */
public record DescribeBusinessTableCommand(DatabaseUrl database, TableName table, String businessContext,
        Output output, Boolean llmComments) {

    public DescribeBusinessTableCommand {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        InputText.text("business_context", businessContext, 2000);
        businessContext = businessContext == null || businessContext.isBlank() ? null : businessContext.strip();
        output = output == null ? Output.DDL : output;
    }

    /** Whether the language model is asked for comments. */
    public boolean wantsLlmComments() {
        return llmComments != null ? llmComments : businessContext != null;
    }

    /** The documents to return. */
    public enum Output {
        DDL, MD, BOTH;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean ddl() {
            return this != MD;
        }

        public boolean markdown() {
            return this != DDL;
        }

        /**
         * @param field the input field, named in the error
         */
        public static Output fromWire(String raw, String field) {
            for (Output o : values()) {
                if (o.wire().equals(raw)) {
                    return o;
                }
            }
            throw InvalidInputException.invalid(field, field + " must be ddl, md or both");
        }
    }
}
