package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupTimestampTest {

    @Test
    void givenAValidStamp_whenParsed_thenItDisplaysAndAdvances() {
        BackupTimestamp ts = BackupTimestamp.parse("20250721_235959");

        assertThat(ts.display()).isEqualTo("2025-07-21 23:59:59");
        assertThat(ts.next().value()).isEqualTo("20250722_000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-07-21", "20250721113010", "20251332_000000", "20250230_120000", "../x", "20250721_246000"})
    void givenAMalformedOrImpossibleStamp_whenParsed_thenItIsRejected(String raw) {
        assertThatThrownBy(() -> BackupTimestamp.parse(raw))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
    }
}
