package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableNamePatternTest {

    private static boolean matches(String pattern, String table) {
        return new TableNamePattern(pattern).matches(new TableName("ods", table));
    }

    @Test
    void givenTheOriginalsPatterns_whenMatched_thenStarAndPercentMatchAnyRunAndCaseDoesNotMatter() {
        assertThat(matches("ods_*", "ods_orders")).isTrue();
        assertThat(matches("*_dim", "Customer_DIM")).isTrue();
        assertThat(matches("*fact*", "order_facts_daily")).isTrue();
        assertThat(matches("%_facts", "order_facts")).isTrue();
        assertThat(matches("ord?rs", "orders")).isTrue();
        assertThat(matches("orders", "orders")).isTrue();
        assertThat(matches("orders", "orders_old")).isFalse();
    }

    @Test
    void givenAnUnderscoreOrARegexCharacter_whenMatched_thenItIsItself() {
        assertThat(matches("ods_*", "odsXorders")).as("_ is not LIKE's wildcard here").isFalse();
        assertThat(matches("a.b*", "aXb")).isFalse();
        assertThat(matches("(x)*", "(x)y")).isTrue();
    }

    @Test
    void givenTheSchema_whenMatched_thenOnlyTheTablesOwnNameCounts() {
        assertThat(matches("ods*", "orders")).isFalse();
    }

    @Test
    void givenAnEmptyOrControlPattern_whenBuilt_thenRefusedNamingTheField() {
        assertThatThrownBy(() -> new TableNamePattern(" ")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("table_name_pattern");
        assertThatThrownBy(() -> new TableNamePattern("a\u0000")).hasMessageContaining("control character");
    }
}
