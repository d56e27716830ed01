package io.datapipeline.postgres.testing;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives each test class a fresh database on a real PostgreSQL with pgvector.
 *
 * <p>One throwaway cluster is started per test JVM (initdb + pg_ctl under {@code target/}, as OS user
 * {@code postgres} when running as root), or the server of {@code PIPELINE_TEST_DB_URL} is used. Each
 * test class gets its own database with the {@code vector} extension created; resolve it as a
 * {@link TestDatabase} parameter (in {@code @BeforeAll}, constructors or test methods).
 *
 * <p>When no database can be had, the tests fail under {@code CI=true} and are skipped (with the reason)
 * otherwise. Fix with {@code scripts/setup-postgres.sh install}.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        PostgresServer server = server(context);
        String name = ("t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
                + context.getRequiredTestClass().getSimpleName()).toLowerCase(Locale.ROOT);
        if (name.length() > 50) {
            name = name.substring(0, 50);
        }
        TestDatabase db = server.createDatabase(name);
        context.getStore(NS).put(TestDatabase.class, db);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase db = context.getStore(NS).remove(TestDatabase.class, TestDatabase.class);
        if (db != null) {
            db.close();
            server(context).dropDatabaseIfExternal(db.name());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        ExtensionContext c = context;
        while (c != null) {
            TestDatabase db = c.getStore(NS).get(TestDatabase.class, TestDatabase.class);
            if (db != null) {
                return db;
            }
            c = c.getParent().orElse(null);
        }
        throw new ParameterResolutionException("no TestDatabase: register PostgresExtension on the test class");
    }

    private static PostgresServer server(ExtensionContext context) {
        ExtensionContext.Store root = context.getRoot().getStore(NS);
        PostgresServer.Holder holder = root.getOrComputeIfAbsent(PostgresServer.Holder.class,
                k -> new PostgresServer.Holder(), PostgresServer.Holder.class);
        PostgresServer server = holder.get();
        if (server == null) {
            String why = holder.failure();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL with pgvector is required under CI=true but could not be "
                        + "started: " + why);
            }
            throw new TestAbortedException("skipped: no PostgreSQL with pgvector (" + why
                    + "); run scripts/setup-postgres.sh install or set PIPELINE_TEST_DB_URL");
        }
        return server;
    }
}
