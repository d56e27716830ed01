package io.datapipeline.core.port.in;

import io.datapipeline.core.domain.TableName;
import java.util.List;

/** The tables (and views) of a business database: what a table list may name. Read-only. */
public interface ListBusinessTablesUseCase {

    /**
     * @throws io.datapipeline.core.domain.InvalidInputException (field {@code db_connection}) when the database cannot
     *         be reached or refuses the credentials
     */
    BusinessTables listTables(ListBusinessTablesCommand command);

    /**
     * The answer.
     *
     * @param database the database's name (no host, no user)
     * @param schemas  the schemas searched: those asked for, or the schemas the tables were found in
     * @param tables   schema-qualified, sorted by schema and name
     */
    record BusinessTables(String database, List<String> schemas, List<TableName> tables) {
        public BusinessTables {
            schemas = List.copyOf(schemas);
            tables = List.copyOf(tables);
        }
    }
}
