package io.datapipeline.vectoradmin.sets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datapipeline.core.domain.BackupTimestamp;
import io.datapipeline.core.vector.CommitOutcome;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code outcome_<ts>.json}: what became of the transaction a set belongs to, written after the outcome is
 * known (the answer to COMMIT, or the database asked on a new connection when that answer was lost). Only
 * with it, and {@code committed}, is a set complete; the manifest never claims a truncate by itself.
 *
 * @param timestamp     the set
 * @param outcome       {@code committed}, {@code rolled_back} or {@code unknown}
 * @param transactionId the transaction, when it wrote
 * @param truncated     rows were removed by the committed transaction
 * @param determinedBy  how the outcome is known
 * @param recordedAt    ISO-8601
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetOutcome(String timestamp, String outcome, String transactionId, boolean truncated, String determinedBy,
        String recordedAt) {

    CommitOutcome commitOutcome() {
        for (CommitOutcome o : CommitOutcome.values()) {
            if (o.wire().equals(outcome)) {
                return o;
            }
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }

    byte[] toJson() {
        try {
            return Manifest.JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SetOutcome read(Path file, BackupTimestamp ts) throws IOException {
        SetOutcome o;
        try {
            o = Manifest.JSON.readValue(file.toFile(), SetOutcome.class);
        } catch (IOException e) {
            throw new IOException("outcome record unreadable: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (o == null || !ts.value().equals(o.timestamp())) {
            throw new IOException("outcome record does not belong to set " + ts.value());
        }
        try {
            o.commitOutcome();
        } catch (IllegalStateException e) {
            throw new IOException("outcome record says '" + o.outcome() + "'");
        }
        return o;
    }
}
