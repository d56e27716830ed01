package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputTextTest {

    @Test
    void givenANulOrAnotherControlCharacter_whenCheckedAsALine_thenRefusedNamingTheFieldAndPosition() {
        assertThatThrownBy(() -> InputText.line("task_name", "ab\u0000", 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("task_name contains a control character (U+0000 at position 3); remove it")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("task_name");
        assertThatThrownBy(() -> InputText.line("db_name", "a\nb", 10)).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> InputText.line("db_name", "a\u007fb", 10)).hasMessageContaining("U+007F");
    }

    @Test
    void givenFreeText_whenChecked_thenLineBreaksAndTabsPassButOtherControlsDoNot() {
        assertThat(InputText.text("business_context", "shops\r\nby city\tand region", 100))
                .isEqualTo("shops\r\nby city\tand region");
        assertThatThrownBy(() -> InputText.text("business_context", "bell\u0007", 100))
                .hasMessageContaining("business_context contains a control character (U+0007");
    }

    @Test
    void givenLengths_whenChecked_thenCharactersAreCountedAsPostgresCountsThem() {
        String emoji = "\uD83D\uDE00".repeat(5);

        assertThat(InputText.line("task_name", emoji, 5)).isEqualTo(emoji);
        assertThatThrownBy(() -> InputText.line("task_name", emoji + "x", 5))
                .hasMessage("task_name is at most 5 characters (got 6)");
        assertThat(InputText.line("task_name", null, 5)).isNull();
    }
}
