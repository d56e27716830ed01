package io.datapipeline.vectoradmin.sets;

import io.datapipeline.vectoradmin.port.CommitStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the database what became of a set's recorded transaction — but only the cluster that ran it: a backup
 * folder may be shared by the tools of several databases, and a transaction id of one cluster can name an
 * unrelated transaction of another. Anything it cannot ask truthfully is {@link CommitStatus#UNKNOWN}, which
 * never leads to deleting a file.
 */
public final class OutcomeResolver implements Function<Manifest, CommitStatus> {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeResolver.class);

    private final Supplier<String> clusterId;
    private final Function<String, CommitStatus> status;
    private final Map<String, CommitStatus> asked = new HashMap<>();

    public OutcomeResolver(Supplier<String> clusterId, Function<String, CommitStatus> status) {
        this.clusterId = clusterId;
        this.status = status;
    }

    @Override
    public synchronized CommitStatus apply(Manifest m) {
        if (m.transactionId() == null) {
            return CommitStatus.UNKNOWN;
        }
        String recorded = m.server() == null ? null : m.server().get("system_identifier");
        if (recorded == null) {
            return CommitStatus.UNKNOWN;
        }
        String current;
        try {
            current = clusterId.get();
        } catch (RuntimeException e) {
            LOG.warn("cannot tell which database cluster this is ({}); the outcome of transaction {} stays unknown",
                    e.getMessage(), m.transactionId());
            return CommitStatus.UNKNOWN;
        }
        if (!recorded.equals(current)) {
            return CommitStatus.UNKNOWN;
        }
        return asked.computeIfAbsent(m.transactionId(), xid -> {
            try {
                return status.apply(xid);
            } catch (RuntimeException e) {
                LOG.warn("cannot ask the database about transaction {}: {}", xid, e.getMessage());
                return CommitStatus.UNKNOWN;
            }
        });
    }

    /** True when the set was written against this cluster (so its transaction can be asked about here). */
    boolean sameCluster(Manifest m) {
        String recorded = m.server() == null ? null : m.server().get("system_identifier");
        try {
            return recorded != null && recorded.equals(clusterId.get());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
