package io.datapipeline.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Which API scope an operation needs: the one place that decides it, for every route and every body (the REST
 * adapter asks here; executions are checked by the execute use case itself, so a console, a resume or a scheduled
 * run cannot go around it). The rules:
 *
 * <ol>
 *   <li>Looking needs {@code read}: listings, status, verification, dry runs, and previews of executions that do
 *       not truncate.</li>
 *   <li>Acting that only adds needs {@code execute}: creating and executing tasks, uploading their files, a load
 *       without truncate, a backup into a location that exists.</li>
 *   <li>Removing or replacing rows of the store needs {@code admin}: an execution (complete, step, resume, or its
 *       preview) whose decision truncates, a backup with truncate, a restore, dedupe / prune / delete with
 *       {@code apply}, a re-embed; so does deleting backup sets or tasks.</li>
 *   <li>A backup into a folder that does not exist yet (a task id no task has) needs {@code admin}: a smaller token
 *       may only add sets where tasks are.</li>
 *   <li>Naming another vector database than the configured one ({@code db_connection} on backup, restore and the
 *       listing) needs {@code admin}: the server would connect wherever it is told.</li>
 * </ol>
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /**
     * What an operation needs and why.
     *
     * @param scope   the scope needed
     * @param because what in the request needs it, e.g. {@code an execution with "truncate_vector_tables": true};
     *                {@code null} for the operation as a whole
     */
    public record Requirement(ApiScope scope, String because) {
        public Requirement {
            Objects.requireNonNull(scope, "scope");
        }

        /** Whether a caller with {@code granted} may go ahead. */
        public boolean allows(ApiScope granted) {
            return granted.includes(scope);
        }

        /** The refusal for a caller with {@code granted}, or empty when it may go ahead. */
        public Optional<Refusal> refusal(ApiScope granted) {
            return allows(granted) ? Optional.empty() : Optional.of(new Refusal(scope, granted, because));
        }
    }

    /**
     * A caller whose scope does not cover the operation.
     *
     * @param needed  the scope needed
     * @param granted the caller's scope
     * @param because what needs the scope, or {@code null} for the operation as a whole
     */
    public record Refusal(ApiScope needed, ApiScope granted, String because) {
        public Refusal {
            Objects.requireNonNull(needed, "needed");
            Objects.requireNonNull(granted, "granted");
        }

        /** {@code <because> needs a token with scope admin (this token has scope execute)}. */
        public String message() {
            return (because == null ? "this operation" : because) + " needs a token with scope " + needed.wire()
                    + " (this token has scope " + granted.wire() + ")";
        }
    }

    /** An execution (complete, step or resume) as the vector-management policy decided it. */
    public static Requirement execution(VectorManagementDecision decision) {
        return decision.truncate()
                ? new Requirement(ApiScope.ADMIN, "an execution with \"truncate_vector_tables\": true")
                : new Requirement(ApiScope.EXECUTE, null);
    }

    /** The preview of an execution: what the execution needs, but looking at one that does not truncate is reading. */
    public static Requirement preview(VectorManagementDecision decision) {
        return decision.truncate() ? execution(decision) : new Requirement(ApiScope.READ, null);
    }

    /**
     * A backup set written on request.
     *
     * @param truncate  the embedding table is emptied in the same transaction
     * @param newFolder the set goes into a task folder of a task that does not exist
     */
    public static Requirement backup(boolean truncate, boolean newFolder) {
        if (truncate) {
            return new Requirement(ApiScope.ADMIN, "a backup with \"truncate_vector_tables\": true");
        }
        if (newFolder) {
            return new Requirement(ApiScope.ADMIN, "a backup into the folder of a task that does not exist");
        }
        return new Requirement(ApiScope.EXECUTE, null);
    }

    /**
     * A backup, restore or listing on a vector database the caller names ({@code db_connection}) instead of the
     * configured one: the server connects where it is told and adds a set of that database to the data directory,
     * replaces its rows, or asks it about commit outcomes; naming a foreign database is an administrator's act.
     */
    public static Requirement otherVectorDatabase() {
        return new Requirement(ApiScope.ADMIN, "an operation on another vector database than the configured one "
                + "(\"db_connection\")");
    }

    /**
     * A backup set written on request, possibly of another vector database than the configured one.
     *
     * @param truncate      the embedding table is emptied in the same transaction
     * @param newFolder     the set goes into a task folder of a task that does not exist
     * @param otherDatabase the caller names a vector database that is not the configured one
     */
    public static Requirement backup(boolean truncate, boolean newFolder, boolean otherDatabase) {
        return otherDatabase && !truncate ? otherVectorDatabase() : backup(truncate, newFolder);
    }

    /** A listing of backup sets; naming another vector database (whose commit outcomes it asks) is more. */
    public static Requirement listBackups(boolean otherDatabase) {
        return otherDatabase ? otherVectorDatabase() : new Requirement(ApiScope.READ, null);
    }

    /** A restore, in any mode: it replaces or adds rows the set chooses. */
    public static Requirement restore() {
        return new Requirement(ApiScope.ADMIN, null);
    }

    /** Dedupe of the store: a dry run looks, an apply removes rows. */
    public static Requirement dedupe(boolean apply) {
        return apply ? new Requirement(ApiScope.ADMIN, "dedupe with \"apply\": true") : new Requirement(ApiScope.READ, null);
    }

    /** A re-embed of the store with another model: a dry run looks, a run replaces every vector in scope. */
    public static Requirement reembed(boolean dryRun) {
        return dryRun ? new Requirement(ApiScope.READ, null) : new Requirement(ApiScope.ADMIN, "a re-embed of the store");
    }

    /** Prune of backup sets: a dry run looks, an apply deletes sets. */
    public static Requirement prune(boolean apply) {
        return apply ? new Requirement(ApiScope.ADMIN, "prune with \"apply\": true") : new Requirement(ApiScope.READ, null);
    }

    /** Deleting a backup set. */
    public static Requirement deleteBackupSet() {
        return new Requirement(ApiScope.ADMIN, null);
    }

    /** Deleting tasks (their folders and, when asked, their records). */
    public static Requirement deleteTasks() {
        return new Requirement(ApiScope.ADMIN, null);
    }
}
