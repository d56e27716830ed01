package io.datapipeline.core.vector;


/**
 * One table's entry of {@code tables_backed_up} in the {@code vector_management} report.
 *
 * @param success    whether the table's file is complete and counted
 * @param rowCount   rows exported (COPY's own count)
 * @param fileBytes  size of the CSV file
 * @param backupFile file name, {@code <table>_<YYYYMMDD_HHMMSS>.csv}
 * @param backupPath absolute path of the file
 * @param duration   seconds spent on this table
 * @param sha256     hex SHA-256 of the file's bytes
 * @param error      why it failed, or {@code null}
 */
public record TableBackupResult(boolean success, long rowCount, long fileBytes, String backupFile, String backupPath,
        double duration, String sha256, String error) {

    public static TableBackupResult failed(String error, double duration) {
        return new TableBackupResult(false, 0, 0, null, null, duration, null, error);
    }

}
