package io.datapipeline.vectoradmin.sets;

import io.datapipeline.core.domain.PipelineException;
import java.util.ArrayList;
import java.util.List;

/**
 * A data file's facts held against its manifest entry: size, the stored bytes' SHA-256, the COPY stream's SHA-256 and
 * the row count. Verify, restore (every mode, forced or not) and the restore drill all check with this one piece, so a
 * set one of them refuses is refused by the others, in the same words.
 */
public final class ManifestCheck {

    private ManifestCheck() {
    }

    /**
     * What was read of a data file; an unknown fact is {@code -1} or {@code null} and is not checked.
     *
     * @param bytes         the file's size
     * @param sha256        the stored bytes' SHA-256
     * @param contentSha256 the COPY stream's SHA-256 (the stored one's when uncompressed)
     * @param rows          rows in the file
     */
    public record Facts(long bytes, String sha256, String contentSha256, long rows) {
    }

    /** Every fact that contradicts the manifest, as {@code <table>: <fact>, manifest says <value>}. */
    public static List<String> problems(String table, Manifest.TableEntry entry, Facts actual) {
        List<String> problems = new ArrayList<>();
        if (actual.bytes() >= 0 && entry.bytes() != actual.bytes()) {
            problems.add(table + ": size " + actual.bytes() + " bytes, manifest says " + entry.bytes());
        }
        boolean storedMatches = actual.sha256() != null && entry.sha256().equals(actual.sha256());
        if (actual.sha256() != null && !storedMatches) {
            problems.add(table + ": sha256 " + actual.sha256() + ", manifest says " + entry.sha256());
        }
        // a file whose stored digest was rewritten in the manifest still has to give the content it recorded
        if (storedMatches && entry.contentSha256() != null && actual.contentSha256() != null
                && !entry.contentSha256().equals(actual.contentSha256())) {
            problems.add(table + ": content sha256 " + actual.contentSha256() + ", manifest says "
                    + entry.contentSha256());
        }
        if (actual.rows() >= 0 && entry.rows() != actual.rows()) {
            problems.add(table + ": " + actual.rows() + " rows, manifest says " + entry.rows());
        }
        return problems;
    }

    /**
     * Refuses a file whose facts contradict the manifest; thrown inside a restore's or a drill's transaction, it rolls
     * everything back.
     */
    public static void require(String table, Manifest.TableEntry entry, Facts actual) {
        List<String> problems = problems(table, entry, actual);
        if (!problems.isEmpty()) {
            throw new Mismatch(String.join("; ", problems));
        }
    }

    /** A data file that does not match its manifest: the set is damaged. */
    public static final class Mismatch extends PipelineException {
        private static final long serialVersionUID = 1L;

        private final String problems;

        Mismatch(String problems) {
            super(problems + "; the set is damaged (its files do not match the manifest), nothing was restored");
            this.problems = problems;
        }

        /** The problems as verify lists them. */
        public String problems() {
            return problems;
        }
    }
}
