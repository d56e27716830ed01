package io.datapipeline.core.fakes;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.port.in.ReloadVectorStoreCommand;
import io.datapipeline.core.port.in.ReloadVectorStoreUseCase;
import io.datapipeline.core.vector.CommitOutcome;
import io.datapipeline.core.port.in.ReloadReport;
import io.datapipeline.core.vector.VectorManagementReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The reload use case for tests of the steps in core (the real one, {@code VectorAdminService}, lives in
 * vector-admin): records every command and answers with a committed load of every item, or what the test says,
 * or refuses as busy.
 */
public final class FakeReloadVectorStore implements ReloadVectorStoreUseCase {

    private final List<ReloadVectorStoreCommand> commands = new ArrayList<>();
    private Function<ReloadVectorStoreCommand, ReloadReport> answer = FakeReloadVectorStore::committed;
    private String busyHolder;

    /** How the next reloads are answered. */
    public synchronized FakeReloadVectorStore answering(Function<ReloadVectorStoreCommand, ReloadReport> answer) {
        this.answer = answer;
        return this;
    }

    /** Another vector operation holds the store lock: every reload is refused. */
    public synchronized FakeReloadVectorStore busy(String holder) {
        this.busyHolder = holder;
        return this;
    }

    public synchronized List<ReloadVectorStoreCommand> commands() {
        return List.copyOf(commands);
    }

    @Override
    public synchronized ReloadReport reload(ReloadVectorStoreCommand command) {
        commands.add(command);
        if (busyHolder != null) {
            throw new BusyException("the vector store is busy: another vector operation holds its lock (" + busyHolder
                    + "); nothing was changed; retry later");
        }
        return answer.apply(command);
    }

    /**
     * Every item inserted in one committed transaction (the store holds nothing, so the items without a vector are all
     * embedded with the command's embedder); the requested backup and truncate reported done.
     */
    public static ReloadReport committed(ReloadVectorStoreCommand c) {
        List<String> texts = c.items().stream().filter(i -> !i.embedded()).map(i -> i.document()).toList();
        c.content().embedder().planned(texts.size(), 0, 0);
        if (!texts.isEmpty() && c.content().embedder().embed(texts).size() != texts.size()) {
            throw new IllegalStateException("the embedder returned another number of vectors");
        }
        Map<String, ReloadReport.LoadCount> loaded = new TreeMap<>();
        c.items().forEach(i -> loaded.merge(i.collection(), new ReloadReport.LoadCount(1, 0, i.embedded() ? 0 : 1, 0,
                null), (a, b) -> new ReloadReport.LoadCount(a.inserted() + b.inserted(), 0, a.embedded() + b.embedded(),
                0, null)));
        return new ReloadReport(report(c, CommitOutcome.COMMITTED, List.of()), CommitOutcome.COMMITTED, loaded,
                List.of(), List.of(), null, false, 0.01, null);
    }

    /** Nothing loaded: the transaction rolled back with this error. */
    public static Function<ReloadVectorStoreCommand, ReloadReport> rolledBack(String error) {
        return c -> new ReloadReport(report(c, CommitOutcome.ROLLED_BACK, List.of(error)), CommitOutcome.ROLLED_BACK,
                Map.of(), List.of(), List.of(), error, false, 0.01, null);
    }

    /** Refused before the store was touched (e.g. another embedding model made the stored vectors). */
    public static Function<ReloadVectorStoreCommand, ReloadReport> refused(String error) {
        return c -> new ReloadReport(VectorManagementReport.notRequested(), CommitOutcome.ROLLED_BACK, Map.of(),
                List.of(), List.of(), error, true, 0.0, null);
    }

    private static VectorManagementReport report(ReloadVectorStoreCommand c, CommitOutcome outcome, List<String> errors) {
        if (!c.backup()) {
            return VectorManagementReport.notRequested();
        }
        boolean done = outcome == CommitOutcome.COMMITTED;
        return new VectorManagementReport(done, done && c.truncate(), Map.of(), Map.of(), errors, List.of(), 0.01,
                "/memory/" + c.taskId().value() + "/vector_bak", null, null, outcome,
                c.truncate() ? c.scope().wire() : null);
    }
}
