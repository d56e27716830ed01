package io.datapipeline.cli.command;

import io.datapipeline.core.domain.BusyException;
import io.datapipeline.core.domain.ExecutionMode;
import io.datapipeline.core.domain.ExecutionRequest;
import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.ExecuteTaskCommand;
import io.datapipeline.core.port.in.ExecuteTaskUseCase;
import io.datapipeline.core.port.in.ExecutionOutcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Model.CommandSpec;

/** Runs an execution in this process, waits for it and prints its result document. */
final class Executions {

    private Executions() {
    }

    /**
     * Executes the task in this process with the vector flags as given, a progress bar when a person watches the
     * terminal, and prints the result document; returns the exit code.
     */
    static int execute(CommandSpec spec, TaskId id, ExecutionMode mode, StepName step, VectorFlags flags,
            boolean json) {
        ExecutionRequest request = new ExecutionRequest(id, mode, step, flags.backup, flags.truncate,
                flags.skipTraining, flags.scope()).withReload(flags.reload());
        ExecuteTaskCommand cmd = new ExecuteTaskCommand(request, Optional.empty(),
                TerminalProgress.forTerminal(spec.commandLine().getErr(), json));
        return runAndPrint(spec, CommandSupport.app(spec).executeTask(CommandSupport.settings(spec)), cmd, json);
    }

    private static int runAndPrint(CommandSpec spec, ExecuteTaskUseCase useCase, ExecuteTaskCommand cmd, boolean json) {
        // Ctrl-C or SIGTERM: the execution (it runs in this thread) is cancelled, and the JVM waits for it to stop
        // and roll back what it was doing before it exits
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        PrintWriter err = spec.commandLine().getErr();
        Thread onSignal = new Thread(() -> {
            err.println("stopping: cancelling the execution …");
            err.flush();
            CommandSupport.app(spec).cancelLocalExecutions();
            try {
                ended.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pipeline-cancel-on-signal");
        boolean hooked = false;
        try {
            Runtime.getRuntime().addShutdownHook(onSignal);
            hooked = true;
        } catch (IllegalStateException alreadyStopping) {
            // the JVM is already shutting down
        }
        try {
            return run(spec, useCase, cmd, json, err);
        } finally {
            ended.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException stopping) {
                    // the hook runs: it was waiting for this execution, which has ended
                }
            }
        }
    }

    private static int run(CommandSpec spec, ExecuteTaskUseCase useCase, ExecuteTaskCommand cmd, boolean json,
            PrintWriter err) {
        ExecutionOutcome outcome = useCase.execute(cmd);
        if (outcome instanceof ExecutionOutcome.NotFound nf) {
            throw new NotFoundException("task " + nf.taskId() + " does not exist");
        }
        if (outcome instanceof ExecutionOutcome.AlreadyRunning ar) {
            throw new BusyException("task " + ar.taskId() + " is already running"
                    + (ar.running() == null ? "" : " (execution " + ar.running().executionId() + ")"));
        }
        if (outcome instanceof ExecutionOutcome.Refused r) {
            throw InvalidInputException.invalid(r.field(), r.field().equals("table_list") ? r.reason()
                    + " (pipeline task create --table-list FILE)" : r.reason());
        }
        if (outcome instanceof ExecutionOutcome.PoolFull full) {
            throw new BusyException(full.reason());
        }
        if (outcome instanceof ExecutionOutcome.NothingToResume nothing) {
            throw InvalidInputException.invalid("--resume", nothing.reason());
        }
        // the decision's warnings: once in the log (the run's first lines, on stderr and in data_pipeline.log) and once
        // in the answer (the summary's last lines, or the JSON document's "warnings")
        ExecutionOutcome.Accepted accepted = (ExecutionOutcome.Accepted) outcome;
        io.datapipeline.core.execution.ResultDocument result;
        try {
            result = accepted.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the execution", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        Map<String, Object> doc = document(result);
        if (json) {
            CommandSupport.printJson(spec, doc);
        } else {
            summary(spec.commandLine().getOut(), doc);
        }
        return CommandSupport.exitCode(io.datapipeline.wire.ResultShapes.kind(result));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(io.datapipeline.core.execution.ResultDocument result) {
        return (Map<String, Object>) io.datapipeline.wire.Wire.tree(result);
    }

    /** A few lines about an execution's result. */
    static void summary(PrintWriter out, io.datapipeline.core.execution.ResultDocument result) {
        summary(out, document(result));
    }

    static void summary(PrintWriter out, Map<String, Object> doc) {
        out.println("task " + doc.get("task_id") + " execution " + doc.get("execution_id") + ": "
                + (Boolean.TRUE.equals(doc.get("success")) ? "succeeded" : "FAILED"));
        details(out, doc);
    }

    /** The result's lines under a heading the caller printed: error, one line per artifact, warnings. */
    static void details(PrintWriter out, io.datapipeline.core.execution.ResultDocument result) {
        details(out, document(result));
    }

    @SuppressWarnings("unchecked")
    private static void details(PrintWriter out, Map<String, Object> doc) {
        if (doc.get("error") != null) {
            out.println("  error: " + doc.get("error"));
        }
        Object result = doc.get("result");
        if (result instanceof Map<?, ?> r) {
            Object artifacts = r.containsKey("artifacts") ? r.get("artifacts") : r;
            if (artifacts instanceof Map<?, ?> a) {
                for (Map.Entry<?, ?> e : a.entrySet()) {
                    out.println("  " + e.getKey() + ": " + brief(e.getValue()));
                    String usage = e.getValue() instanceof Map<?, ?> step ? UsageLines.line(step.get("llm_usage")) : null;
                    if (usage != null) {
                        out.println("    " + usage);
                    }
                }
            }
        }
        String total = UsageLines.line(doc.get("llm_usage"));
        if (total != null) {
            out.println("  total " + total);
        }
        for (Object w : (List<Object>) doc.getOrDefault("warnings", List.of())) {
            out.println("  warning: " + w);
        }
        out.flush();
    }

    private static String brief(Object value) {
        if (value instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    continue;
                }
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(e.getKey()).append('=').append(v);
            }
            return sb.toString();
        }
        return String.valueOf(value);
    }
}
