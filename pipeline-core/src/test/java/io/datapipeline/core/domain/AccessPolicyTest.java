package io.datapipeline.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link AccessPolicy}. */
class AccessPolicyTest {

    private static VectorManagementDecision decision(boolean backup, boolean truncate) {
        return new VectorManagementDecision(backup, truncate, false, List.of());
    }

    @Test
    void givenRule1_whenLooking_thenReadSuffices() {
        assertThat(AccessPolicy.preview(decision(true, false)).scope()).isEqualTo(ApiScope.READ);
        assertThat(AccessPolicy.dedupe(false).scope()).isEqualTo(ApiScope.READ);
        assertThat(AccessPolicy.prune(false).scope()).isEqualTo(ApiScope.READ);
        assertThat(AccessPolicy.reembed(true).scope()).as("a re-embed's dry run").isEqualTo(ApiScope.READ);
    }

    @Test
    void givenRule2_whenActingThatOnlyAdds_thenExecuteSuffices() {
        assertThat(AccessPolicy.execution(decision(false, false)).scope()).isEqualTo(ApiScope.EXECUTE);
        assertThat(AccessPolicy.execution(decision(true, false)).scope()).isEqualTo(ApiScope.EXECUTE);
        assertThat(AccessPolicy.backup(false, false).scope()).isEqualTo(ApiScope.EXECUTE);
    }

    @Test
    void givenRule3_whenRemovingOrReplacingRows_thenAdminIsNeededAndTheReasonSaysWhat() {
        assertThat(AccessPolicy.execution(decision(true, true))).isEqualTo(new AccessPolicy.Requirement(ApiScope.ADMIN,
                "an execution with \"truncate_vector_tables\": true"));
        assertThat(AccessPolicy.preview(decision(true, true)).scope()).isEqualTo(ApiScope.ADMIN);
        assertThat(AccessPolicy.backup(true, false).scope()).isEqualTo(ApiScope.ADMIN);
        assertThat(AccessPolicy.restore().scope()).isEqualTo(ApiScope.ADMIN);
        assertThat(AccessPolicy.dedupe(true).scope()).isEqualTo(ApiScope.ADMIN);
        assertThat(AccessPolicy.prune(true).scope()).isEqualTo(ApiScope.ADMIN);
        assertThat(AccessPolicy.reembed(false)).isEqualTo(new AccessPolicy.Requirement(ApiScope.ADMIN,
                "a re-embed of the store"));
        assertThat(AccessPolicy.deleteBackupSet().scope()).isEqualTo(ApiScope.ADMIN);
        assertThat(AccessPolicy.deleteTasks().scope()).isEqualTo(ApiScope.ADMIN);
    }

    @Test
    void givenRule4_whenBackingUpIntoAFolderNoTaskHas_thenAdminIsNeeded() {
        assertThat(AccessPolicy.backup(false, true)).isEqualTo(new AccessPolicy.Requirement(ApiScope.ADMIN,
                "a backup into the folder of a task that does not exist"));
    }

    @Test
    void givenARequirement_whenACallerAsks_thenOnlyASmallerScopeIsRefusedAndTheMessageNamesBoth() {
        AccessPolicy.Requirement admin = AccessPolicy.backup(true, false);

        assertThat(admin.refusal(ApiScope.ADMIN)).isEmpty();
        assertThat(admin.refusal(ApiScope.EXECUTE)).hasValueSatisfying(r -> assertThat(r.message()).isEqualTo(
                "a backup with \"truncate_vector_tables\": true needs a token with scope admin (this token has scope "
                        + "execute)"));
        assertThat(AccessPolicy.restore().refusal(ApiScope.READ)).hasValueSatisfying(r -> assertThat(r.message())
                .isEqualTo("this operation needs a token with scope admin (this token has scope read)"));
    }
}
