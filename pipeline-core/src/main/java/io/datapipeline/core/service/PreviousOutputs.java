package io.datapipeline.core.service;

import io.datapipeline.core.domain.PipelineException;
import io.datapipeline.core.domain.StepName;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.out.TaskWorkspace;
import io.datapipeline.core.port.out.UnitCheckpoints;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before a complete run, the files the task's earlier runs generated are moved into
 * {@code file_bak_<YYYYMMDD_HHMMSS>/} inside the task directory (with {@code _1}, {@code _2}… when that name is taken)
 * with a {@code backup_info.json}, as the original did, instead of being replaced: the table documents its mapping or
 * its checkpoints name, the pairs files and their backups, the metadata files, the validation reports and the result
 * files. The table list, the log, uploaded or imported files and the vector backups stay. The checkpoints of the moved
 * units are forgotten: the run starts afresh.
 */
final class PreviousOutputs {

    static final String PREFIX = "file_bak_";
    static final String INFO = "backup_info.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final List<StepName> CHECKPOINTED = List.of(StepName.DDL_GENERATION, StepName.QA_GENERATION);

    private final TaskWorkspace workspace;
    private final UnitCheckpoints checkpoints;
    private final Clock clock;

    PreviousOutputs(TaskWorkspace workspace, UnitCheckpoints checkpoints, Clock clock) {
        this.workspace = workspace;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /**
     * Moves the generated files away.
     *
     * @return the folder they went to, or {@code null} when there was nothing to move
     * @throws PipelineException when a file cannot be moved (the run must not start over the old files)
     */
    String moveAway(TaskId id, TaskLog log) {
        List<String> files = generated(id);
        if (files.isEmpty()) {
            CHECKPOINTED.forEach(s -> checkpoints.clear(id, s));
            return null;
        }
        String folder = freeFolder(id, PREFIX + STAMP.format(LocalDateTime.now(clock)));
        workspace.moveToFolder(id, folder, files);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("backup_time", LocalDateTime.now(clock).withNano(0).toString());
        info.put("backup_directory", folder);
        info.put("moved_files", files);
        info.put("failed_files", List.of());
        info.put("task_id", id.value());
        workspace.writeJsonIn(id, folder, INFO, info);
        CHECKPOINTED.forEach(s -> checkpoints.clear(id, s));
        log.info("task", "moved " + files.size() + " files of an earlier run into " + folder + "/");
        return folder;
    }

    /** The files of the task directory an earlier run generated, by name. */
    List<String> generated(TaskId id) {
        Set<String> present = new LinkedHashSet<>();
        workspace.list(id).forEach(f -> present.add(f.name()));
        Set<String> out = new LinkedHashSet<>();
        workspace.readText(id, DdlGenerationStep.MAPPING).ifPresent(m -> {
            out.add(DdlGenerationStep.MAPPING);
            out.addAll(DdlGenerationStep.mappedFiles(m));
        });
        for (UnitCheckpoints.Checkpoint c : checkpoints.list(id, StepName.DDL_GENERATION)) {
            if (c.output() instanceof UnitCheckpoints.Documents d) {
                d.files().forEach(f -> out.add(f.name()));
            }
        }
        for (String name : present) {
            if (generatedByName(name)) {
                out.add(name);
            }
        }
        List<String> files = new ArrayList<>();
        for (String name : out) {
            if (present.contains(name)) {
                files.add(name);
            }
        }
        return files;
    }

    /** Names only a step writes. */
    static boolean generatedByName(String name) {
        return name.startsWith("qs_") && name.contains("_pair.json") || name.equals("metadata.txt")
                || name.equals("metadata_detail.md") || name.equals("db_query_decision_prompt.txt")
                || name.startsWith("sql_validation_") || name.startsWith("file_modifications_")
                || name.equals("task_result.json") || stepResult(name);
    }

    private static boolean stepResult(String name) {
        for (StepName s : StepName.values()) {
            if (name.equals(s.wire() + "_result.json")) {
                return true;
            }
        }
        return false;
    }

    private String freeFolder(TaskId id, String base) {
        Set<String> taken = new LinkedHashSet<>(workspace.folders(id));
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 1; n < 1000; n++) {
            if (!taken.contains(base + "_" + n)) {
                return base + "_" + n;
            }
        }
        throw new PipelineException("no free " + base + "_N folder in task " + id);
    }
}
