package io.datapipeline.rest.api;

import io.datapipeline.llm.testing.FakeModelServer;
import io.datapipeline.postgres.testing.TestDatabase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the tests that run whole executions over REST share: a business database with one commented table,
 * {@code shop}, and a model that answers every prompt of the workflow for it. Its question-SQL answer waits
 * while the latch {@code hold} gives is not counted down, so a test can watch or cancel a running execution.
 */
public final class ShopWorkload {

    private ShopWorkload() {
    }

    /** The {@code shop} table with comments and 12 rows in three cities. */
    public static void createShop(TestDatabase business) {
        business.execute("CREATE TABLE shop (shop_id int PRIMARY KEY, city text)",
                "COMMENT ON TABLE shop IS 'Shops'", "COMMENT ON COLUMN shop.shop_id IS 'id'",
                "COMMENT ON COLUMN shop.city IS 'City'",
                "INSERT INTO shop SELECT g, 'City ' || (g % 3) FROM generate_series(1, 12) g");
    }

    /**
     * A model with one theme, {@code pairs} question-SQL pairs per call and a table comment.
     *
     * @param hold the latch the pairs answer waits for (up to 60 s), or a supplier of {@code null} not to wait
     */
    public static FakeModelServer model(int pairs, Supplier<CountDownLatch> hold) {
        return new FakeModelServer().answerChat(body -> {
            String system = FakeModelServer.system(body);
            if (system.startsWith("You are a data analyst")) {
                return "{\"themes\": [{\"name\": \"Shops\", \"description\": \"d\", \"tables\": [\"shop\"]}]}";
            }
            if (system.startsWith("You write PostgreSQL")) {
                CountDownLatch latch = hold.get();
                if (latch != null) {
                    try {
                        latch.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                StringBuilder answer = new StringBuilder("{\"pairs\": [");
                for (int i = 0; i < pairs; i++) {
                    answer.append(i == 0 ? "" : ",").append("{\"question\": \"How many shops in city ").append(i)
                            .append("?\", \"sql\": \"SELECT count(*) FROM shop WHERE city = 'City ").append(i)
                            .append("'\"}");
                }
                return answer.append("]}").toString();
            }
            return "{\"table_comment\": \"Shops\", \"columns\": {}}";
        });
    }
}
