package io.milvusgitops.daemon.output;

import java.util.List;

/** Aligned columns, like kubectl's: two spaces between columns, the last one unpadded. */
public final class Table {

    private Table() {
    }

    public static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                sb.append(i == cols - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
