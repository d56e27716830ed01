package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.InputText;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.TableNamePattern;
import io.datapipeline.core.domain.DatabaseUrl;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * List the tables of a business database.
 *
 * @param database the business database (holds a password: never log or return it raw)
 * @param schemas  only these schemas; empty for every schema but PostgreSQL's own
 * @param pattern  only tables whose name matches, or empty
 */
public record ListBusinessTablesCommand(DatabaseUrl database, List<String> schemas, Optional<TableNamePattern> pattern) {

    public ListBusinessTablesCommand {
        Objects.requireNonNull(database, "database");
        schemas = schemas == null ? List.of() : schemas.stream().map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
        for (String s : schemas) {
            InputText.line("schema", s, 63);
            if (s.contains(",")) {
                throw InvalidInputException.invalid("schema", "schema names are separated by commas; give each once");
            }
        }
        pattern = pattern == null ? Optional.empty() : pattern;
    }
}
