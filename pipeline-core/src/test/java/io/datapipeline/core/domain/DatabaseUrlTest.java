package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void givenALibpqUri_whenParsed_thenCredentialsAreSplitOffAndMasked() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres:s3cr%40t@192.168.67.1:6432/highway_db", "db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://192.168.67.1:6432/highway_db");
        assertThat(url.user()).contains("postgres");
        assertThat(url.password()).contains("s3cr@t");
        assertThat(url.masked()).isEqualTo("postgresql://postgres:***@192.168.67.1:6432/highway_db");
        assertThat(url.toString()).doesNotContain("s3cr");
    }

    @Test
    void givenAJdbcUrlWithCredentialParameters_whenParsed_thenTheyLeaveTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:55432/bench?user=postgres&password=pw&sslmode=disable", "db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:55432/bench?sslmode=disable");
        assertThat(url.password()).contains("pw");
        assertThat(url.masked()).doesNotContain("pw");
    }

    @Test
    void givenSeparateCredentials_whenApplied_thenTheyWin() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://a:b@h/db", "db").withCredentials("c", "d");

        assertThat(url.user()).contains("c");
        assertThat(url.password()).contains("d");
        assertThat(url.port()).isEqualTo(5432);
    }

    @Test
    void givenTheSecretUri_whenParsedAgain_thenItRoundTrips() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://us%20er:p%3Aw@db.example:5433/my%20db?sslmode=require", "db");

        assertThat(DatabaseUrl.parse(url.toSecretUri(), "db")).isEqualTo(url);
    }

    @Test
    void givenSomethingElse_whenParsed_thenTheMessageSaysWhatToFix() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y", "--db-url"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--db-url must start with jdbc:postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h:99999/db", "--db-url"))
                .hasMessageContaining("invalid port");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h:5432", "--db-url"))
                .hasMessageContaining("must name a database");
    }

    @Test
    void givenAPasswordWithRawQuestionMarkSlashAndAt_whenParsed_thenItIsThePasswordAndNeverEchoed() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://user:pa?ss/w@rd@db.example:6432/shop?sslmode=require", "db");

        org.assertj.core.api.Assertions.assertThat(url.user()).contains("user");
        org.assertj.core.api.Assertions.assertThat(url.password()).contains("pa?ss/w@rd");
        org.assertj.core.api.Assertions.assertThat(url.host()).isEqualTo("db.example");
        org.assertj.core.api.Assertions.assertThat(url.port()).isEqualTo(6432);
        org.assertj.core.api.Assertions.assertThat(url.database()).isEqualTo("shop");
        org.assertj.core.api.Assertions.assertThat(url.options()).containsEntry("sslmode", "require");
        org.assertj.core.api.Assertions.assertThat(url.masked()).doesNotContain("pa?ss").doesNotContain("w@rd");
    }

    @Test
    void givenBrokenUserinfo_whenParsed_thenTheErrorQuotesNoPartOfIt() {
        for (String raw : new String[] {"postgresql://us%zzer:secretpw@h/db", "postgresql://user:secret%zzpw@h/db",
            "postgresql://user:pa?ss@host:badport/db", "postgresql://user:pa?ss@host:99999/db"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseUrl.parse(raw, "--db-url"))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                            .doesNotContain("secret").doesNotContain("pa?ss").doesNotContain("'pa'")
                            .doesNotContain("us%zz").contains("--db-url"));
        }
    }

    @Test
    void givenAControlCharacterInAConnectionString_whenParsed_thenTheFieldIsNamedAndNothingOfItQuoted() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:xyzzy\u0000plugh@h/db", "db_connection"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("db_connection contains a control character at position 21")
                .hasMessageNotContaining("xyzzy").hasMessageNotContaining("plugh");
        assertThat(DatabaseUrl.parse("  postgresql://u@h/db\n", "db_connection").database()).isEqualTo("db");
    }
}
