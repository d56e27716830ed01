package io.datapipeline.core.service;

import io.datapipeline.core.domain.InvalidInputException;
import io.datapipeline.core.domain.NotFoundException;
import io.datapipeline.core.domain.TaskId;
import io.datapipeline.core.port.in.TaskLogsUseCase;
import io.datapipeline.core.port.out.TaskRepository;
import io.datapipeline.core.port.out.TaskWorkspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code data_pipeline.log}: {@code YYYY-MM-DD HH:MM:SS [LEVEL] logger: message} lines. */
public final class TaskLogsService implements TaskLogsUseCase {

    private static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) \\[(\\w+)\\] (.+?): (.*)$");
    private static final Set<String> LEVELS = Set.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");

    private final TaskRepository repository;
    private final TaskWorkspace workspace;

    public TaskLogsService(TaskRepository repository, TaskWorkspace workspace) {
        this.repository = repository;
        this.workspace = workspace;
    }

    @Override
    public LogPage tail(TaskId id, String after, int limit, String level) {
        List<LogLine> all = filterLevel(read(id), level);
        int afterLine = 0;
        if (after != null) {
            try {
                afterLine = Integer.parseInt(after);
                if (afterLine < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw InvalidInputException.invalid("after", "after must be a next_token from a previous response");
            }
        }
        List<LogLine> page;
        if (after == null) {
            page = all.subList(Math.max(0, all.size() - limit), all.size());
        } else {
            int from = afterLine;
            List<LogLine> newer = all.stream().filter(l -> l.lineNumber() > from).toList();
            page = newer.subList(0, Math.min(limit, newer.size()));
        }
        int last = page.isEmpty() ? afterLine : page.get(page.size() - 1).lineNumber();
        return new LogPage(List.copyOf(page), all.size(), String.valueOf(last), size(id));
    }

    @Override
    public LogPage query(TaskId id, LogQuery q) {
        LogFilter f = q.filter();
        List<LogLine> lines = filterLevel(read(id), f.level());
        List<LogLine> matched = new ArrayList<>();
        for (LogLine l : lines) {
            if (f.keyword() != null && !l.message().toLowerCase(Locale.ROOT).contains(f.keyword().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (f.step() != null && !f.step().equals(l.step())) {
                continue;
            }
            if (f.logger() != null && !f.logger().equals(l.logger())) {
                continue;
            }
            if (f.from() != null && l.timestamp().compareTo(f.from()) < 0) {
                continue;
            }
            if (f.to() != null && l.timestamp().compareTo(f.to()) > 0) {
                continue;
            }
            matched.add(l);
        }
        Comparator<LogLine> byLine = Comparator.comparingInt(LogLine::lineNumber);
        Comparator<LogLine> order = switch (q.sortBy()) {
            case "level" -> Comparator.comparing(LogLine::level);
            case "logger" -> Comparator.comparing(LogLine::logger);
            case "step" -> Comparator.comparing((LogLine l) -> l.step() == null ? "" : l.step());
            case "line_number" -> byLine;
            default -> Comparator.comparing(LogLine::timestamp);
        };
        order = order.thenComparing(byLine);
        matched.sort(q.ascending() ? order : order.reversed());
        int from = Math.min(matched.size(), (q.page() - 1) * q.pageSize());
        int to = Math.min(matched.size(), from + q.pageSize());
        List<LogLine> page = matched.subList(from, to);
        return new LogPage(List.copyOf(page), matched.size(), null, size(id));
    }

    private List<LogLine> filterLevel(List<LogLine> lines, String level) {
        if (level == null) {
            return lines;
        }
        String l = level(level);
        if (!LEVELS.contains(l)) {
            throw InvalidInputException.invalid("level", "level must be one of DEBUG, INFO, WARNING (or WARN), ERROR, "
                    + "CRITICAL, not '" + io.datapipeline.core.domain.Printable.of(level) + "'");
        }
        return lines.stream().filter(x -> x.level().equals(l)).toList();
    }

    /** The log's own name of a level: any case, {@code WARN} for {@code WARNING} (as Java loggers write it). */
    static String level(String raw) {
        String l = raw.strip().toUpperCase(Locale.ROOT);
        return l.equals("WARN") ? "WARNING" : l;
    }

    private List<LogLine> read(TaskId id) {
        if (repository.find(id).isEmpty()) {
            throw new NotFoundException("task " + id + " does not exist");
        }
        String text = workspace.readText(id, "data_pipeline.log").orElse("");
        List<LogLine> out = new ArrayList<>();
        String[] raw = text.split("\n");
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                String logger = m.group(3);
                String step = logger.startsWith("pipeline.") ? logger.substring("pipeline.".length()) : null;
                if ("task".equals(step)) {
                    step = null;
                }
                out.add(new LogLine(i + 1, m.group(1), m.group(2), logger, step, m.group(4)));
            } else if (!out.isEmpty()) {
                LogLine prev = out.remove(out.size() - 1);
                out.add(new LogLine(prev.lineNumber(), prev.timestamp(), prev.level(), prev.logger(), prev.step(),
                        prev.message() + "\n" + line));
            }
        }
        return out;
    }

    private long size(TaskId id) {
        return workspace.list(id).stream().filter(f -> f.name().equals("data_pipeline.log")).mapToLong(
                TaskWorkspace.FileInfo::size).findFirst().orElse(-1);
    }
}
