package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.domain.InvalidInputException;
import java.util.Objects;

/**
 * Validate the SQL of a pairs file outside any task, as {@code sql_validation} does inside one.
 *
 * @param database           the business database to {@code EXPLAIN} against (holds a password: never log it raw)
 * @param inputFile          the pairs file ({@code [{"question", "sql"}]}); reports are written beside it
 * @param modifyOriginalFile rewrite the file (repaired SQL in, unrepairable pairs out), keeping the previous version
 * @param enableLlmRepair    let the language model repair SQL that fails
 */
public record ValidateSqlCommand(DatabaseUrl database, String inputFile, boolean modifyOriginalFile,
        boolean enableLlmRepair) {

    public ValidateSqlCommand {
        Objects.requireNonNull(database, "database");
        if (inputFile == null || inputFile.isBlank()) {
            throw InvalidInputException.missing("input_file", "input_file (the pairs JSON file) is required");
        }
        InputText.line("input_file", inputFile, 4096);
    }
}
