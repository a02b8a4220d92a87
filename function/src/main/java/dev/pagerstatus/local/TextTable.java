package dev.pagerstatus.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table that fits a terminal's width: columns as wide as their widest cell, and when the whole is
 * wider than allowed, the columns that may shrink wrap their cells onto more lines, at spaces, so that nothing
 * is cut. A cell may hold line breaks of its own (one PagerDuty incident a line, say).
 *
 * @param header the column titles
 * @param minimums per column, the narrowest it may become; a column whose minimum is its natural width never wraps
 * @param shrinkOrder the columns that give way first, in that order, each down to its minimum
 */
record TextTable(List<String> header, int[] minimums, int[] shrinkOrder) {
    private static final int GAP = 2;

    /** The table's lines, no wider than {@code width} unless its minimums alone are wider. */
    List<String> render(List<List<String>> rows, int width) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = fit(naturalWidths(all), width);
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            lines.addAll(renderRow(row, widths));
        }
        return lines;
    }

    private int[] naturalWidths(List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                for (String line : row.get(column).split("\n", -1)) {
                    widths[column] = Math.max(widths[column], line.length());
                }
            }
        }
        return widths;
    }

    private int[] fit(int[] natural, int width) {
        int[] widths = natural.clone();
        for (int column : shrinkOrder) {
            int over = Arrays.stream(widths).sum() + GAP * (widths.length - 1) - width;
            if (over <= 0) {
                break;
            }
            widths[column] = Math.max(Math.min(minimums[column], natural[column]), widths[column] - over);
        }
        return widths;
    }

    private static List<String> renderRow(List<String> row, int[] widths) {
        List<List<String>> cells = new ArrayList<>();
        int height = 0;
        for (int column = 0; column < widths.length; column++) {
            List<String> wrapped = wrap(row.get(column), widths[column]);
            cells.add(wrapped);
            height = Math.max(height, wrapped.size());
        }
        List<String> lines = new ArrayList<>();
        for (int line = 0; line < height; line++) {
            StringBuilder text = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                String cell =
                        line < cells.get(column).size() ? cells.get(column).get(line) : "";
                text.append(column == 0 ? "" : " ".repeat(GAP)).append(cell);
                text.append(" ".repeat(widths[column] - cell.length()));
            }
            lines.add(text.toString().stripTrailing());
        }
        return lines;
    }

    /** The text's lines no wider than {@code width}: broken at spaces, and a longer word cut into pieces. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            if (paragraph.length() <= width) {
                lines.add(paragraph); // as it is, double spaces and all
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" +")) {
                for (String piece : pieces(word, width)) {
                    if (!line.isEmpty() && line.length() + 1 + piece.length() > width) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    line.append(line.isEmpty() ? "" : " ").append(piece);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static List<String> pieces(String word, int width) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < word.length(); start += width) {
            pieces.add(word.substring(start, Math.min(word.length(), start + width)));
        }
        return pieces.isEmpty() ? List.of("") : pieces;
    }
}
