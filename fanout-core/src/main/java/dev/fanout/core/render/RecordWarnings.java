package dev.fanout.core.render;

import dev.fanout.core.record.OutputFault;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.text.Units;
import dev.fanout.core.select.NodeSet;

import java.util.ArrayList;
import java.util.List;
import dev.fanout.core.text.SafeText;

/**
 * What a person must know before trusting a recorded run that is not whole, one line each, without the
 * {@code fanout: } prefix: hosts whose output was not fully written or was changed, and a damaged events file.
 * Stateless.
 *
 * <pre>
 * record incomplete: output of web[01-02] was not fully written (1.0 MiB of 6.0 MiB)
 * record damaged: output of web03 is not what the host sent (same size, other bytes)
 * record damaged: events.jsonl ends before the run's end: it was not fully written or was cut short
 * </pre>
 */
public final class RecordWarnings {
    private RecordWarnings() {
    }

    /** The lines for {@code run}, whose output was checked as {@code faults}; empty when there is nothing to say. */
    public static List<String> lines(StoredRun run, List<OutputFault> faults) {
        List<String> lines = new ArrayList<>();
        List<OutputFault> cut = faults.stream().filter(f -> !f.changed()).toList();
        List<OutputFault> changed = faults.stream().filter(OutputFault::changed).toList();
        if (!cut.isEmpty()) {
            long sent = cut.stream().mapToLong(OutputFault::sent).sum();
            long found = cut.stream().mapToLong(OutputFault::found).sum();
            lines.add("record incomplete: output of " + hosts(cut) + " was not fully written ("
                    + Units.bytes(found) + " of " + Units.bytes(sent) + ")");
        }
        if (!changed.isEmpty()) {
            lines.add("record damaged: output of " + hosts(changed) + " is not what the host"
                    + (changed.size() == 1 ? "" : "s") + " sent (same size, other bytes)");
        }
        for (String damage : run.damage()) {
            lines.add("record damaged: " + SafeText.of(damage));
        }
        return lines;
    }

    private static String hosts(List<OutputFault> faults) {
        List<String> names = faults.stream().map(OutputFault::host).toList();
        try {
            return SafeText.of(NodeSet.fold(names));
        } catch (IllegalArgumentException e) {
            return SafeText.of(String.join(",", names));
        }
    }
}
