package dev.addrspace.processor;

import dev.addrspace.processor.ConstantModel.Requirement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.VariableElement;

/**
 * Checks the {@code requires} entries of one enum: each must name another constant of the enum, once, and
 * the requirements must not form a cycle. A cycle is reported on every entry that lies on one, with the
 * shortest cycle through that entry.
 */
final class RequiresValidator {

    private final EnumModel model;
    private final Report report;
    private final Map<String, ConstantModel> annotated = new HashMap<>();
    private final Set<String> allConstants = new HashSet<>();

    RequiresValidator(EnumModel model, Report report) {
        this.model = model;
        this.report = report;
        for (ConstantModel c : model.constants()) {
            annotated.put(c.name(), c);
            allConstants.add(c.name());
        }
        for (VariableElement v : model.unannotated()) {
            allConstants.add(v.getSimpleName().toString());
        }
    }

    /** Adds every {@code requires} problem of the enum to the report. */
    void check() {
        Map<String, List<Requirement>> edges = new HashMap<>();
        for (ConstantModel c : model.constants()) {
            Set<String> seen = new HashSet<>();
            List<Requirement> valid = new ArrayList<>();
            for (Requirement r : c.requires()) {
                if (!seen.add(r.name())) {
                    report.add(Message.REQUIRES_DUPLICATE, c.element(), c.mirror(), r.value(),
                            model.render(c.name()), r.name());
                } else if (r.name().equals(c.name())) {
                    report.add(Message.REQUIRES_SELF, c.element(), c.mirror(), r.value(), model.render(c.name()),
                            r.name());
                } else if (!allConstants.contains(r.name())) {
                    report.add(Message.REQUIRES_UNKNOWN, c.element(), c.mirror(), r.value(), model.render(c.name()),
                            r.name(), model.displayName());
                } else if (annotated.containsKey(r.name())) {
                    valid.add(r);
                }
            }
            edges.put(c.name(), valid);
        }
        for (ConstantModel c : model.constants()) {
            for (Requirement r : edges.get(c.name())) {
                List<String> back = shortestPath(r.name(), c.name(), edges);
                if (back != null) {
                    List<String> cycle = new ArrayList<>();
                    cycle.add(c.name());
                    cycle.addAll(back);
                    report.add(Message.REQUIRES_CYCLE, c.element(), c.mirror(), r.value(), model.render(c.name()),
                            model.render(r.name()), String.join(" -> ", cycle));
                }
            }
        }
    }

    /**
     * Breadth-first search along the requirements, in source order so that the path is deterministic.
     *
     * @return the names from {@code from} to {@code to}, both included, or null if {@code to} is not
     *     reachable
     */
    private static List<String> shortestPath(String from, String to, Map<String, List<Requirement>> edges) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        parent.put(from, from);
        queue.add(from);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(to)) {
                List<String> path = new ArrayList<>();
                for (String n = to; ; n = parent.get(n)) {
                    path.add(0, n);
                    if (n.equals(from)) {
                        return path;
                    }
                }
            }
            for (Requirement r : edges.getOrDefault(at, List.of())) {
                if (parent.putIfAbsent(r.name(), at) == null) {
                    queue.add(r.name());
                }
            }
        }
        return null;
    }
}
