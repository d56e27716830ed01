package io.datapipeline.vectoradmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PythonLiteralTest {

    @Test
    void givenTheOriginalToolsMetadata_whenConverted_thenItIsJson() {
        assertThat(PythonLiteral.toJson("{'id': '8006a8b3-sql', 'createdat': None}"))
                .isEqualTo("{\"id\":\"8006a8b3-sql\",\"createdat\":null}");
    }

    @Test
    void givenNestedValuesBooleansNumbersAndEscapes_whenConverted_thenEveryValueSurvives() {
        String py = "{'title': 'Title \"7\", it\\'s 标题', 'page': 12, 'score': 0.5, 'is_public': False, "
                + "'ok': True, 'tags': ['tag1', '中文'], 'pair': (1, 2), \"dq\": \"a'b\", 'nl': 'x\\ny', 'u': '\\u00e9'}";

        String json = PythonLiteral.toJson(py);

        assertThat(json).isEqualTo("{\"title\":\"Title \\\"7\\\", it's 标题\",\"page\":12,\"score\":0.5,"
                + "\"is_public\":false,\"ok\":true,\"tags\":[\"tag1\",\"中文\"],\"pair\":[1,2],\"dq\":\"a'b\","
                + "\"nl\":\"x\\ny\",\"u\":\"é\"}");
    }

    @Test
    void givenJson_whenChecked_thenItIsRecognisedAndPythonIsNot() {
        assertThat(PythonLiteral.isJson("{\"id\": \"x\"}")).isTrue();
        assertThat(PythonLiteral.isJson("{'id': 'x'}")).isFalse();
    }

    @Test
    void givenGarbage_whenConverted_thenTheErrorSaysWhere() {
        assertThatThrownBy(() -> PythonLiteral.toJson("{'id': 'x'")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position");
        assertThatThrownBy(() -> PythonLiteral.toJson("{'id': x}")).isInstanceOf(IllegalArgumentException.class);
    }
}
