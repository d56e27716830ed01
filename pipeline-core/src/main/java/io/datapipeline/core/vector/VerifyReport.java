package io.datapipeline.core.vector;

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
 */
public record VerifyReport(String location, String timestamp, String manifestFile, List<TableCheck> tables,
        List<String> problems, List<String> warnings) {

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

    }

    /** True when the set has a manifest and every fact matches it. */
    public boolean ok() {
        return manifestFile != null && problems.isEmpty();
    }

}
