package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableNameTest {

    @Test
    void givenQualifiedAndMixedCaseNames_whenQuoted_thenEveryPartIsQuoted() {
        assertThat(TableName.parse("public.Orders").quoted()).isEqualTo("\"public\".\"Orders\"");
        assertThat(TableName.parse("langchain_pg_embedding").quoted()).isEqualTo("\"langchain_pg_embedding\"");
    }

    @Test
    void givenAnInjectionAttempt_whenQuoted_thenItStaysOneIdentifier() {
        TableName name = TableName.parse("x\" ; drop table y; --");

        assertThat(name.quoted()).isEqualTo("\"x\"\" ; drop table y; --\"");
    }

    @Test
    void givenTwoDots_whenParsed_thenItIsRejected() {
        assertThatThrownBy(() -> TableName.parse("a.b.c")).isInstanceOf(InvalidInputException.class);
    }
}
