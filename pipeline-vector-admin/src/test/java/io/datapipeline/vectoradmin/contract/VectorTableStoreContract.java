package io.datapipeline.vectoradmin.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.TableName;
import io.datapipeline.vectoradmin.port.CommitStatus;
import io.datapipeline.vectoradmin.port.CopyFormat;
import io.datapipeline.vectoradmin.port.TableShape;
import io.datapipeline.vectoradmin.port.TransactionMode;
import io.datapipeline.vectoradmin.port.TransactionOutcome;
import io.datapipeline.vectoradmin.port.VectorStoreSession;
import io.datapipeline.vectoradmin.port.VectorTableStore;
import io.datapipeline.vectoradmin.port.VectorTransaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorTableStore} must do, run against the in-memory fake and the PostgreSQL
 * adapter alike, so the fake used by fast tests cannot drift from the real thing.
 */
public abstract class VectorTableStoreContract {

    protected static final TableName COLLECTION = new TableName(null, "langchain_pg_collection");
    protected static final TableName EMBEDDING = new TableName(null, "langchain_pg_embedding");
    protected static final String C1 = "11111111-1111-4111-8111-111111111111";
    protected static final String C2 = "22222222-2222-4222-8222-222222222222";
    private static final List<String> EMB_COLUMNS = List.of("id", "collection_id", "embedding", "document", "cmetadata");
    private static final String HEADER = "id,collection_id,embedding,document,cmetadata\n";

    /** A store whose LangChain (G2) tables exist and are empty. */
    protected abstract VectorTableStore freshStore();

    /** Inserts a collection row outside any session. */
    protected abstract void insertCollection(String uuid, String name);

    /** Inserts an embedding row outside any session. */
    protected abstract void insertEmbedding(String id, String collectionId, String vector, String document, String cmetadata);

    /** Rows of a table as text (NULL as null), ordered by the first column. */
    protected abstract List<List<String>> rows(TableName table);

    private VectorTableStore store;

    @BeforeEach
    void setUpStore() {
        store = freshStore();
        insertCollection(C1, "sql");
        insertEmbedding("a-sql", C1, "[1,2,3]", "doc \"one\", with comma\nand newline", "{\"id\": \"a-sql\"}");
        insertEmbedding("b-sql", C1, "[0.5,-0.25,3e-05]", "", null);
    }

    private static VectorTransaction.RowSource csv(String body) {
        return out -> out.write((HEADER + body).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenRows_whenExported_thenCsvHasHeaderAndEveryRowAndTheCountMatches() throws Exception {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = s.read(tx -> tx.export(EMBEDDING, EMB_COLUMNS, CopyFormat.CSV, out));

            assertThat(n).isEqualTo(2);
            String csv = out.toString(StandardCharsets.UTF_8);
            assertThat(csv).startsWith(HEADER);
            assertThat(csv).contains("\"doc \"\"one\"\", with comma\nand newline\"");
            // NULL is an empty unquoted field, an empty string is ""
            assertThat(csv).contains("b-sql," + C1 + ",\"[0.5,-0.25,3e-05]\",\"\",\n");
        }
    }

    @Test
    void givenASessionIsOpen_whenAnotherIsRequested_thenItIsRefusedAsBusyUntilTheFirstCloses() {
        VectorStoreSession first = store.openSession("first", Duration.ZERO);
        try {
            assertThatThrownBy(() -> store.openSession("second", Duration.ZERO)).isInstanceOf(BusyException.class)
                    .hasMessageContaining("busy");
        } finally {
            first.close();
        }
        try (VectorStoreSession again = store.openSession("again", Duration.ZERO)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void givenWorkThatFailsAfterTruncating_whenTheTransactionEnds_thenItRolledBackAndNothingChanged() {
        TransactionOutcome<Object> outcome;
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            outcome = s.transaction(TransactionMode.WRITE, tx -> {
                tx.truncate(List.of(EMBEDDING));
                assertThat(tx.count(EMBEDDING)).isZero();
                throw new IllegalStateException("injected");
            });
        }
        assertThat(outcome).isInstanceOf(TransactionOutcome.RolledBack.class);
        assertThat(((TransactionOutcome.RolledBack<Object>) outcome).cause()).hasMessageContaining("injected");
        assertThat(rows(EMBEDDING)).hasSize(2);
    }

    @Test
    void givenAWriteTransaction_whenTruncating_thenItCommitsWithATransactionIdTheStoreReportsAsCommitted() {
        TransactionOutcome<Long> outcome;
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            outcome = s.transaction(TransactionMode.WRITE, tx -> {
                assertThat(tx.transactionId()).isPresent();
                long n = tx.count(EMBEDDING);
                tx.truncate(List.of(EMBEDDING));
                return n;
            });
        }
        assertThat(outcome).isInstanceOf(TransactionOutcome.Committed.class);
        TransactionOutcome.Committed<Long> c = (TransactionOutcome.Committed<Long>) outcome;
        assertThat(c.value()).isEqualTo(2);
        assertThat(c.transactionId()).isPresent();
        assertThat(store.statusOf(c.transactionId().get())).isEqualTo(CommitStatus.COMMITTED);
        assertThat(rows(EMBEDDING)).isEmpty();
        assertThat(rows(COLLECTION)).hasSize(1);
    }

    @Test
    void givenAWriteTransactionThatFails_whenItsIdIsAskedAbout_thenItIsAborted() {
        String[] id = new String[1];
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            s.transaction(TransactionMode.WRITE, tx -> {
                id[0] = tx.transactionId().orElseThrow();
                throw new IllegalStateException("injected");
            });
            assertThat(s.statusOf(id[0])).isEqualTo(CommitStatus.ABORTED);
        }
    }

    @Test
    void givenAReadTransaction_whenItTriesToWrite_thenItRollsBackAndHasNoTransactionId() {
        TransactionOutcome<Object> outcome;
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            assertThat(s.read(VectorTransaction::transactionId)).isEqualTo(Optional.empty());
            outcome = s.transaction(TransactionMode.READ, tx -> {
                tx.deleteAll(EMBEDDING);
                return null;
            });
        }
        assertThat(outcome).isInstanceOf(TransactionOutcome.RolledBack.class);
        assertThat(rows(EMBEDDING)).hasSize(2);
    }

    @Test
    void givenRows_whenDeletedInAWriteTransaction_thenTheCountIsReportedAndTheTableIsEmptyAfterCommit() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            long n = s.transaction(TransactionMode.WRITE, tx -> tx.deleteAll(EMBEDDING)).valueOrThrow();
            assertThat(n).isEqualTo(2);
        }
        assertThat(rows(EMBEDDING)).isEmpty();
    }

    @Test
    void givenTheTables_whenDescribed_thenColumnsKeyAndTypesAreReported() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            TableShape shape = s.read(tx -> tx.describe(EMBEDDING).orElseThrow());
            assertThat(shape.columnNames()).containsExactlyElementsOf(EMB_COLUMNS);
            assertThat(shape.primaryKey()).containsExactly("id");
            assertThat(shape.column("cmetadata").orElseThrow().type()).isEqualTo("jsonb");
            assertThat(shape.column("embedding").orElseThrow().isVector()).isTrue();
            Optional<TableShape> missing = s.read(tx -> tx.describe(new TableName(null, "no_such_table")));
            assertThat(missing).isEmpty();
        }
    }

    @Test
    void givenVectors_whenAskingDimensions_thenEachDimensionIsCounted() {
        insertEmbedding("c-ddl", C1, "[1,2]", "x", null);
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            Map<Integer, Long> dims = s.read(tx -> tx.vectorDimensions(EMBEDDING, "embedding"));
            assertThat(dims).containsExactlyInAnyOrderEntriesOf(Map.of(3, 2L, 2, 1L));
        }
    }

    @Test
    void givenCsv_whenLoaded_thenRowsLoadAndNullsAndEmptyStringsSurvive() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            long n = s.transaction(TransactionMode.WRITE, tx -> tx.load(EMBEDDING, EMB_COLUMNS, CopyFormat.CSV,
                    csv("c-doc," + C1 + ",\"[7,8,9]\",\"\",\n"
                            + "d-doc,," + "\"[1,1,1]\",text,\"{\"\"id\"\": \"\"d-doc\"\"}\"\n"))).valueOrThrow();
            assertThat(n).isEqualTo(2);
        }
        List<List<String>> rows = rows(EMBEDDING);
        assertThat(rows).hasSize(4);
        List<String> c = rows.stream().filter(r -> r.get(0).equals("c-doc")).findFirst().orElseThrow();
        assertThat(c.get(3)).isEmpty();
        assertThat(c.get(4)).isNull();
        List<String> d = rows.stream().filter(r -> r.get(0).equals("d-doc")).findFirst().orElseThrow();
        assertThat(d.get(1)).isNull();
    }

    @Test
    void givenADuplicateKeyInTheLastRow_whenLoaded_thenTheWholeTransactionRollsBack() {
        TransactionOutcome<Long> outcome;
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            outcome = s.transaction(TransactionMode.WRITE, tx -> tx.load(EMBEDDING, EMB_COLUMNS, CopyFormat.CSV,
                    csv("new-1," + C1 + ",\"[1,2,3]\",x,\n" + "a-sql," + C1 + ",\"[1,2,3]\",dup,\n")));
        }
        assertThat(outcome).isInstanceOf(TransactionOutcome.RolledBack.class);
        assertThat(rows(EMBEDDING)).extracting(r -> r.get(0)).containsExactly("a-sql", "b-sql");
    }

    @Test
    void givenExistingKeys_whenAppending_thenOnlyNewRowsAreAddedAndSkipsAreCounted() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            VectorTransaction.AppendResult r = s.transaction(TransactionMode.WRITE, tx -> tx.append(EMBEDDING,
                    EMB_COLUMNS, CopyFormat.CSV, csv("a-sql," + C1 + ",\"[9,9,9]\",changed,\n"
                            + "z-sql," + C1 + ",\"[1,2,3]\",new,\n"), VectorTransaction.AppendOptions.NONE)).valueOrThrow();
            assertThat(r.staged()).isEqualTo(2);
            assertThat(r.inserted()).isEqualTo(1);
            assertThat(r.skipped()).isEqualTo(1);
        }
        List<List<String>> rows = rows(EMBEDDING);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("a-sql", "b-sql", "z-sql");
        assertThat(rows.get(0).get(3)).startsWith("doc");
    }

    @Test
    void givenACollectionWithTheSameNameUnderAnotherUuid_whenAppending_thenItIsReportedAndEmbeddingsCanBeRemapped() {
        try (VectorStoreSession s = store.openSession("test", Duration.ZERO)) {
            Map<String, String> remapped = s.transaction(TransactionMode.WRITE, tx -> {
                VectorTransaction.AppendResult c = tx.append(COLLECTION, List.of("uuid", "name", "cmetadata"),
                        CopyFormat.CSV, out -> out.write(("uuid,name,cmetadata\n" + C2 + ",sql,\n")
                                .getBytes(StandardCharsets.UTF_8)),
                        new VectorTransaction.AppendOptions(null, Map.of(), "name"));
                assertThat(c.inserted()).isZero();
                tx.append(EMBEDDING, EMB_COLUMNS, CopyFormat.CSV, csv("m-sql," + C2 + ",\"[1,2,3]\",moved,\n"),
                        new VectorTransaction.AppendOptions("collection_id", c.remapped(), null));
                return c.remapped();
            }).valueOrThrow();
            assertThat(remapped).containsExactly(Map.entry(C2, C1));
        }
        assertThat(rows(COLLECTION)).hasSize(1);
        List<String> moved = rows(EMBEDDING).stream().filter(r -> r.get(0).equals("m-sql")).findFirst().orElseThrow();
        assertThat(moved.get(1)).isEqualTo(C1);
    }
}
