package io.datapipeline.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.datapipeline.core.fakes.InMemoryVectorStoreReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked: three tables in three directions of a 3-d space, pairs placed between them. With k = 1, for each
 * question the nearest row of each collection is worked out by hand in the comments.
 */
class RetrievalEvaluatorTest {

    private static final float[] P1 = {1f, 0.1f, 0f};
    private static final float[] P2 = {0.9f, 0.3f, 0f};
    private static final float[] P3 = {0f, 1f, 0.1f};
    private static final float[] P4 = {0f, 0.1f, 1f};

    private static InMemoryVectorStoreReader store(boolean withC) {
        InMemoryVectorStoreReader s = new InMemoryVectorStoreReader()
                .add("ddl", "a-ddl", "-- Table: public.a\ncreate table public.a (id int)", new float[] {1, 0, 0})
                .add("ddl", "b-ddl", "CREATE TABLE IF NOT EXISTS b (id int)", new float[] {0, 1, 0});
        if (withC) {
            s.add("ddl", "c-ddl", "create table public.c (id int)", new float[] {0, 0, 1});
        }
        return s.add("documentation", "a-doc", "## a (the A table)\nrows of a", new float[] {1, 0, 0})
                .add("documentation", "b-doc", "## b\nb表 holds bees", new float[] {0, 1, 0})
                .add("sql", "p1", "{}", P1).add("sql", "p2", "{}", P2).add("sql", "p3", "{}", P3).add("sql", "p4", "{}", P4);
    }

    private static final List<RetrievalCase> CASES = List.of(
            new RetrievalCase("q1", "p1", List.of("public.a")),
            new RetrievalCase("q2", "p2", List.of("public.a")),
            new RetrievalCase("q3", "p3", List.of("public.b")),
            new RetrievalCase("q4", "p4", List.of("public.a", "public.c")),
            new RetrievalCase("q5 (SQL not validated)", "p5", List.of()),
            new RetrievalCase("q1", "p1", List.of("public.a")));

    private static final List<float[]> VECTORS = List.of(P1, P2, P3, P4, new float[] {1, 1, 1}, P1);

    @Test
    void givenTheFixtureStore_whenMeasuredWithKOne_thenEveryFigureIsTheHandCheckedOne() {
        RetrievalMeasure m = RetrievalEvaluator.measure(CASES, VECTORS, List.of("public.a", "b", "public.c", "public.d"),
                store(true)::search, 1);

        RetrievalFigures f = m.figures();
        // q1..q4 evaluated (q5 has no tables, the second q1 is the same row): q1, q2, q3 find their DDL, q4 finds c not a
        assertThat(f.questions()).isEqualTo(5);
        assertThat(f.evaluated()).isEqualTo(4);
        assertThat(f.ddlHit()).isEqualTo(0.75);
        assertThat(f.ddlRecall()).isCloseTo((1 + 1 + 1 + 0.5) / 4, within(1e-12));
        // q4's nearest doc is b's (0.1 against 0): names neither a nor c
        assertThat(f.docHit()).isEqualTo(0.75);
        // only q1 and q2 have another pair with the same tables, and each finds the other first (itself left out)
        assertThat(f.sqlMatchable()).isEqualTo(2);
        assertThat(f.sqlMatch()).isEqualTo(1.0);
        assertThat(f.name("ddl_hit")).isEqualTo("ddl_hit@1");
        assertThat(m.coverage()).containsExactly(new TableCoverage("public.a", 3, 2), new TableCoverage("public.b", 1, 1),
                new TableCoverage("public.c", 1, 1));
        assertThat(m.neverRetrieved()).isEmpty();
        assertThat(m.tablesWithoutQuestions()).containsExactly("public.d");
        assertThat(m.worst()).singleElement().satisfies(w -> {
            assertThat(w.question()).isEqualTo("q4");
            assertThat(w.missingDdl()).containsExactly("public.a");
            assertThat(w.retrievedDdl()).containsExactly("public.c");
            assertThat(w.docHit()).isFalse();
            assertThat(w.sqlMatchable()).isFalse();
        });
    }

    @Test
    void givenATableWhoseDdlIsNotStored_whenMeasured_thenItIsNeverRetrievedForItsQuestions() {
        RetrievalMeasure m = RetrievalEvaluator.measure(CASES, VECTORS, List.of(), store(false)::search, 1);

        // q4 now gets b's DDL (0.1 against 0): both a and c missing
        assertThat(m.figures().ddlRecall()).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(m.neverRetrieved()).containsExactly("public.c");
        assertThat(m.worst().get(0).retrievedDdl()).containsExactly("b");
    }

    @Test
    void givenALargerK_whenMeasured_thenMoreIsFoundAndTheOwnRowIsStillLeftOut() {
        RetrievalMeasure m = RetrievalEvaluator.measure(CASES, VECTORS, List.of(), store(true)::search, 2);

        // q4's top 2 DDL: c (1.0) then b (0.1); a is orthogonal: still missing
        assertThat(m.figures().ddlHit()).isEqualTo(0.75);
        // q4's top 2 docs: b, a: a is named now, c is not
        assertThat(m.figures().docHit()).isEqualTo(0.75);
        assertThat(m.figures().sqlMatch()).isEqualTo(1.0);
    }

    @Test
    void givenDdlAndDocumentTexts_whenReadForTables_thenNamesAreFoundAsTheAssistantWouldMeanThem() {
        assertThat(TrainingTables.createdBy("-- c\nCREATE UNLOGGED TABLE \"Sales\".\"Daily\" (x int)")).hasValue("sales.daily");
        assertThat(TrainingTables.createdBy("select 1")).isEmpty();
        assertThat(TrainingTables.mentions("bss_company表用于", "public.bss_company")).isTrue();
        assertThat(TrainingTables.mentions("bss_company_detail", "public.bss_company")).isFalse();
        assertThat(TrainingTables.same("shop", "public.shop")).isTrue();
        assertThat(TrainingTables.same("sales.shop", "public.shop")).isFalse();
    }
}
