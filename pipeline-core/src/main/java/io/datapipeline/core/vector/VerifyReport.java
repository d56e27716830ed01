package io.datapipeline.core.vector;

import io.datapipeline.core.domain.ResultKind;
import java.util.List;

/**
 * The result of re-reading a backup set and comparing it with its manifest.
 *
 * @param location     {@code global} or the task id
 * @param timestamp    the set
 * @param manifestFile manifest file name, or {@code null} when the set has none
 * @param tables       per table, in foreign-key order
 * @param problems     every mismatch, each naming the table, the fact, expected and actual value
 * @param warnings     notes that do not fail verification
 * @param restoreTest  the restore drill's result when one was asked for, else {@code null}
 */
public record VerifyReport(String location, String timestamp, String manifestFile, List<TableCheck> tables,
        List<String> problems, List<String> warnings, RestoreTest restoreTest) {

    /** Without a restore drill. */
    public VerifyReport(String location, String timestamp, String manifestFile, List<TableCheck> tables,
            List<String> problems, List<String> warnings) {
        this(location, timestamp, manifestFile, tables, problems, warnings, null);
    }

    public VerifyReport withRestoreTest(RestoreTest test) {
        return new VerifyReport(location, timestamp, manifestFile, tables, problems, warnings, test);
    }

    /**
     * A restore drill: the set loaded into scratch tables of the target database in a transaction that rolled
     * back, and what the database gave back compared with the manifest.
     *
     * @param restorable true when every table loaded and matched its manifest
     * @param reason     why not, or {@code null}
     * @param tables     per table drilled, in foreign-key order
     * @param duration   seconds
     */
    public record RestoreTest(boolean restorable, String reason, List<TableDrill> tables, double duration) {
        public RestoreTest {
            tables = List.copyOf(tables);
        }
    }

    /**
     * One table of a restore drill.
     *
     * @param table                 table name
     * @param rowsLoaded            rows the database accepted, {@code -1} when the load failed
     * @param expectedRows          rows the manifest lists
     * @param contentSha256         SHA-256 of the table as the database gives it back (same format), or {@code null}
     * @param expectedContentSha256 the manifest's digest of the COPY stream
     */
    public record TableDrill(String table, long rowsLoaded, long expectedRows, String contentSha256,
            String expectedContentSha256) {
        public boolean matches() {
            return rowsLoaded == expectedRows && contentSha256 != null && contentSha256.equals(expectedContentSha256);
        }
    }

    public VerifyReport {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /**
     * What was found for one table.
     *
     * @param table          table name
     * @param file           CSV file name
     * @param expectedBytes  from the manifest, {@code -1} without one
     * @param actualBytes    on disk, {@code -1} if the file is missing
     * @param expectedSha256 from the manifest, or {@code null}
     * @param actualSha256   recomputed, or {@code null}
     * @param expectedRows   from the manifest, {@code -1} without one
     * @param actualRows     CSV records counted, {@code -1} if unreadable
     * @param headerMatches  whether the header equals the manifest's columns
     */
    public record TableCheck(String table, String file, long expectedBytes, long actualBytes, String expectedSha256,
            String actualSha256, long expectedRows, long actualRows, boolean headerMatches) {

        public boolean ok() {
            return actualBytes >= 0 && expectedBytes == actualBytes && expectedSha256 != null
                    && expectedSha256.equals(actualSha256) && expectedRows == actualRows && headerMatches;
        }

        /** The file was read and its rows counted (all a set without a manifest can be checked for). */
        public boolean parsed() {
            return actualBytes >= 0 && actualRows >= 0;
        }

    }

    /**
     * True when every fact matches the manifest (and the drill, if asked for, restored the set); for a legacy set
     * (no manifest: the original Python tool's) when every file parsed.
     */
    public boolean ok() {
        return problems.isEmpty() && (manifestFile != null || tables.stream().allMatch(TableCheck::parsed))
                && (restoreTest == null || restoreTest.restorable());
    }

    /** The set has no manifest (the original Python tool wrote it): parsed and counted, not checksummed. */
    public boolean legacy() {
        return manifestFile == null;
    }

    /** Rows read from the files, {@code -1} when one could not be read. */
    public long rowsParsed() {
        return tables.stream().allMatch(TableCheck::parsed) ? tables.stream().mapToLong(TableCheck::actualRows).sum()
                : -1;
    }

    /**
     * One line for a person: {@code verified}, {@code legacy (no manifest): 66 rows parsed, not checksummed}, or what
     * failed.
     */
    public String summary() {
        if (!problems.isEmpty()) {
            return (legacy() ? "legacy (no manifest): " : "") + "does NOT match" + (legacy() ? "" : " its manifest") + ": "
                    + String.join("; ", problems);
        }
        if (legacy()) {
            return ok() ? "legacy (no manifest): " + rowsParsed() + " rows parsed, not checksummed"
                    + (restoreTest == null ? "" : restoreTest.restorable() ? "; restored in a scratch schema"
                            : "; NOT restorable: " + restoreTest.reason())
                    : "legacy (no manifest): a file could not be read";
        }
        if (restoreTest != null && !restoreTest.restorable()) {
            return "matches its manifest but is NOT restorable: " + restoreTest.reason();
        }
        return restoreTest != null ? "verified and restored in a scratch schema" : "verified";
    }

    /** How it ended: ok when the set matches its manifest (and passed its drill), else failed. */
    public ResultKind kind() {
        return ResultKind.of(ok(), false);
    }

}
