package io.datapipeline.rest.api;

import io.datapipeline.core.domain.ApiScope;
import io.datapipeline.core.domain.DatabaseUrl;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.core.domain.TableNamePattern;
import io.datapipeline.core.port.in.DescribeBusinessTableCommand;
import io.datapipeline.core.port.in.DescribeBusinessTableUseCase;
import io.datapipeline.core.port.in.ListBusinessTablesCommand;
import io.datapipeline.core.port.in.ListBusinessTablesUseCase;
import io.datapipeline.wire.DatabaseShapes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A business database looked at outside a task (the original's {@code /api/v0/database/...}): its tables, and one
 * table as DDL and Markdown. Read-only on the business database; the connection is the caller's, never stored.
 */
@Controller("/api/v0/database")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DatabaseController {

    private final ListBusinessTablesUseCase tables;
    private final DescribeBusinessTableUseCase describe;

    public DatabaseController(ListBusinessTablesUseCase tables, DescribeBusinessTableUseCase describe) {
        this.tables = tables;
        this.describe = describe;
    }

    /**
     * Lists the tables and views of a business database: every schema but PostgreSQL's own, or those of
     * {@code schema} ({@code "public,ods"} or an array), optionally only names matching {@code table_name_pattern}
     * ({@code ods_*}, {@code *_dim}, {@code *fact*}; case does not matter). Scope execute: it connects to the
     * database the caller names.
     */
    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/tables", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> listTables(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("db_connection", "schema", "table_name_pattern"));
        DatabaseUrl db = DatabaseUrl.parse(in.requiredString("db_connection"), "db_connection");
        List<String> schemas = in.strings("schema", true);
        String pattern = in.string("table_name_pattern");
        ListBusinessTablesUseCase.BusinessTables result = tables.listTables(new ListBusinessTablesCommand(db, schemas,
                pattern == null ? Optional.empty() : Optional.of(new TableNamePattern(pattern))));
        return Envelope.ok(DatabaseShapes.tables(result, pattern), result.tables().size() + " table(s) found");
    }

    /**
     * The commented {@code CREATE TABLE} ({@code type: ddl}, the default), the Markdown description ({@code md}) or
     * both of one table, as {@code ddl_generation} writes them. With {@code llm_comments: true} (the default when
     * {@code business_context} is given) the language model proposes comments for what the catalog leaves
     * uncommented. Scope execute.
     */
    @SecurityRequirement(name = Access.SCHEME, scopes = "execute")
    @RequiredScope(ApiScope.EXECUTE)
    @Post(uri = "/table/ddl", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> tableDdl(HttpRequest<?> request, @Nullable @Body String body) {
        JsonBody in = JsonBody.parse(request, body, Set.of("db_connection", "table", "business_context", "type",
                "llm_comments"));
        DatabaseUrl db = DatabaseUrl.parse(in.requiredString("db_connection"), "db_connection");
        TableName table = TableName.parse(in.requiredString("table"));
        String type = in.string("type");
        DescribeBusinessTableCommand cmd = new DescribeBusinessTableCommand(db, table, in.string("business_context"),
                type == null ? null : DescribeBusinessTableCommand.Output.fromWire(type, "type"),
                in.boolOrNull("llm_comments"));
        DescribeBusinessTableUseCase.TableDocument doc = describe.describe(cmd);
        return Envelope.ok(DatabaseShapes.tableDocument(doc, cmd.businessContext()), "table " + doc.table().name()
                .display() + " documented" + (doc.llmComments() ? " with comments from the language model" : ""));
    }
}
