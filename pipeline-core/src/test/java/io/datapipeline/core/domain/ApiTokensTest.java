package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    private static ApiTokens parse(String single, String scoped) {
        return ApiTokens.parse(Optional.ofNullable(single), Optional.ofNullable(scoped));
    }

    @Test
    void givenScopedTokens_whenPresented_thenEachHasItsScopeAndOthersNone() {
        ApiTokens t = parse(null, " tokA:read, tokB:execute ,tokC:ADMIN");

        assertThat(t.enabled()).isTrue();
        assertThat(t.scopeOf("tokA")).contains(ApiScope.READ);
        assertThat(t.scopeOf("tokB")).contains(ApiScope.EXECUTE);
        assertThat(t.scopeOf("tokC")).contains(ApiScope.ADMIN);
        assertThat(t.scopeOf("tokD")).isEmpty();
        assertThat(t.scopeOf("tokA:read")).isEmpty();
        assertThat(t.scopeOf("")).isEmpty();
        assertThat(t.scopeOf(null)).isEmpty();
    }

    @Test
    void givenTheSingleTokenAndScopedOnes_whenParsed_thenTheSingleOneHasFullAccessAsBefore() {
        ApiTokens t = parse("legacy", "ci:execute");

        assertThat(t.scopeOf("legacy")).contains(ApiScope.ADMIN);
        assertThat(t.scopeOf("ci")).contains(ApiScope.EXECUTE);
        assertThat(parse(" any text, as before ", null).scopeOf("any text, as before")).contains(ApiScope.ADMIN);
        assertThat(parse(null, null)).isSameAs(ApiTokens.NONE);
        assertThat(parse(" ", " ").enabled()).isFalse();
    }

    @Test
    void givenATokenWithAColon_whenParsed_thenTheScopeIsAfterTheLastColon() {
        assertThat(parse(null, "a:b:c:read").scopeOf("a:b:c")).contains(ApiScope.READ);
    }

    @Test
    void givenScopes_whenCompared_thenAdminIncludesExecuteIncludesRead() {
        assertThat(ApiScope.ADMIN.includes(ApiScope.EXECUTE)).isTrue();
        assertThat(ApiScope.ADMIN.includes(ApiScope.READ)).isTrue();
        assertThat(ApiScope.EXECUTE.includes(ApiScope.READ)).isTrue();
        assertThat(ApiScope.EXECUTE.includes(ApiScope.ADMIN)).isFalse();
        assertThat(ApiScope.READ.includes(ApiScope.EXECUTE)).isFalse();
    }

    @Test
    void givenBadEntries_whenParsed_thenTheErrorNamesTheEntryButNeverQuotesIt() {
        assertThatThrownBy(() -> parse(null, "s3cret-one:read,s3cret-two"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PIPELINE_API_TOKENS entry 2 is not token:scope")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> parse(null, "s3cret-one:sudo"))
                .hasMessageContaining("entry 1: the scope must be read, execute or admin").hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("sudo");
        assertThatThrownBy(() -> parse(null, "s3cret:read,s3cret:admin"))
                .hasMessageContaining("entry 2 repeats a token").hasMessageNotContaining("s3cret:");
        assertThatThrownBy(() -> parse("s3cret", "s3cret:read")).hasMessageContaining("repeats a token");
        assertThatThrownBy(() -> parse(null, "s3 cret:read")).hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> parse(null, ":read")).hasMessageContaining("empty token");
        assertThatThrownBy(() -> parse(null, "a:read,,b:read")).hasMessageContaining("entry 2");
    }

    @Test
    void givenTokens_whenPrinted_thenOnlyCountsPerScopeAppear() {
        assertThat(parse("s3cret-admin", "s3cret-r:read").toString()).isEqualTo("ApiTokens{READ=1, ADMIN=1}")
                .doesNotContain("s3cret");
    }
}
