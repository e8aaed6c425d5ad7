package dev.fanout.core.text;

import java.util.ArrayList;
import java.util.List;

/** Text wrapped for a terminal at spaces only, never inside a token such as {@code web[01-04]} or a path. */
public final class Paragraphs {
    private Paragraphs() {
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces only; line breaks are kept. */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.isEmpty() ? "" : " ").append(word);
            }
            lines.add(line.toString());
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }
}
