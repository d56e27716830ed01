package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TableListTest {

    private static TableName t(String name) {
        return new TableName(null, name);
    }

    private static TableName t(String schema, String name) {
        return new TableName(schema, name);
    }

    @Test
    void givenUnquotedNames_whenParsed_thenTheyFoldToLowerCaseAndMayBeSchemaQualified() {
        TableList list = TableList.parse("Orders\nSales.Customer_Items\n_private$1\n");

        assertThat(list.tables()).containsExactly(t("orders"), t("sales", "customer_items"), t("_private$1"));
        assertThat(list.invalid()).isEmpty();
    }

    @Test
    void givenQuotedNames_whenParsed_thenTheyKeepTheirCaseSpacesDotsAndDoubledQuotes() {
        TableList list = TableList.parse("\"MixedCase\"\nsales.\"Odd Name\"\n\"Sales\".\"Q1\"\n\"a.b\"\n\"say \"\"hi\"\"\"\n");

        assertThat(list.tables()).containsExactly(t("MixedCase"), t("sales", "Odd Name"), t("Sales", "Q1"), t("a.b"),
                t("say \"hi\""));
    }

    @Test
    void givenCommentsBlankLinesAndCommas_whenParsed_thenOnlyTheNamesRemainInOrder() {
        TableList list = TableList.parse("# Table list\n-- generated\n\n   \norders  # the main table\n"
                + "customers -- who buys\na, b,c\n, d ,\r\nwindows_line\r\n");

        assertThat(list.tables()).containsExactly(t("orders"), t("customers"), t("a"), t("b"), t("c"), t("d"),
                t("windows_line"));
        assertThat(list.invalid()).isEmpty();
    }

    @Test
    void givenCommaHashAndDashesInsideQuotes_whenParsed_thenTheyArePartOfTheName() {
        TableList list = TableList.parse("\"a,b\", \"x#y\" # comment\n\"p--q\" -- comment\n");

        assertThat(list.tables()).containsExactly(t("a,b"), t("x#y"), t("p--q"));
    }

    @Test
    void givenTheSameTableSpelledSeveralWays_whenParsed_thenItIsKeptOnceAtItsFirstPlace() {
        TableList list = TableList.parse("orders\ncustomers\nORDERS\n\"orders\"\npublic.orders\n\"Orders\"\norders\n");

        assertThat(list.tables()).as("public.orders and \"Orders\" are other names")
                .containsExactly(t("orders"), t("customers"), t("public", "orders"), t("Orders"));
    }

    @Test
    void givenEntriesThatAreNoTableNames_whenParsed_thenEachIsReportedWithItsReasonAndTheRestIsKept() {
        String tooLong = "x".repeat(64);
        TableList list = TableList.parse(String.join("\n", "good", "1abc", "my-table", "a b", "a.b.c", "a.", ".a",
                "a..b", "\"unterminated", "\"\"", "\"a\"x", tooLong, "x".repeat(63)));

        assertThat(list.tables()).containsExactly(t("good"), t("x".repeat(63)));
        assertThat(list.invalid()).hasSize(11);
        assertThat(list.invalid()).filteredOn(e -> e.startsWith("1abc: ") || e.startsWith("my-table: ")
                || e.startsWith("a b: ") || e.startsWith(".a: ") || e.startsWith("a..b: "))
                .hasSize(5).allSatisfy(e -> assertThat(e).contains("not a table name"));
        assertThat(list.invalid()).contains("a.b.c: use table or schema.table", "a.: name ends with '.'",
                "\"unterminated: unterminated or empty quoted identifier",
                "\"\": unterminated or empty quoted identifier", "\"a\"x: unexpected text after an identifier");
        assertThat(list.invalid()).anySatisfy(e -> assertThat(e).startsWith(tooLong + ": ").contains("1-63 characters"));
    }

    @Test
    void givenOneName_whenParsedAlone_thenItIsTheSameAsInAList() {
        assertThat(TableList.parseName("Sales.\"Q1\"")).isEqualTo(t("sales", "Q1"));
        assertThatThrownBy(() -> TableList.parseName("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TableList.parseName("a;drop table x")).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("table"));
    }

    @Test
    void givenInvalidEntriesNoNamesOrTooMany_whenRequiredValid_thenEachIsRefusedForTheTableListField() {
        String thousand = IntStream.rangeClosed(1, TableList.MAX_TABLES).mapToObj(i -> "t" + i)
                .collect(Collectors.joining("\n"));

        assertThatThrownBy(() -> TableList.requireValid("orders\n1abc\nmy-table"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("table_list");
                    assertThat(e.getMessage()).contains("1abc: ").contains("my-table: ");
                });
        assertThatThrownBy(() -> TableList.requireValid("# only a comment\n\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names no table");
        assertThatThrownBy(() -> TableList.requireValid(thousand + "\none_more"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1001 tables; at most 1000");
        assertThat(TableList.requireValid(thousand).tables()).hasSize(TableList.MAX_TABLES);
    }

    @Test
    void givenNames_whenRendered_thenQuotesAreUsedOnlyWhereNeededAndTheFileParsesBackToTheSameNames() {
        List<TableName> names = List.of(t("orders"), t("sales", "Odd Name"), t("MixedCase"), t("say \"hi\""),
                t("a$b"), t("1st"), t("Sales", "q1"));

        String text = TableList.render(names, "2025-07-21T11:30:10");

        assertThat(text).isEqualTo("# Table list\n# Generated: 2025-07-21T11:30:10\n# Tables: 7\n\n"
                + "orders\nsales.\"Odd Name\"\n\"MixedCase\"\n\"say \"\"hi\"\"\"\na$b\n\"1st\"\n\"Sales\".q1\n");
        assertThat(TableList.parse(text).tables()).containsExactlyElementsOf(names);
        assertThat(TableList.parse(text).invalid()).isEmpty();
    }
}
