// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders one run as a Markdown section (date, machine, exact command, settings, then one table with a column per
 * server and the ratio of the first to the second) and appends it to the end of a file, leaving what is there.
 */
public final class MarkdownReport {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    /**
     * What the table's header says about the run.
     *
     * @param date when the run started
     * @param machine where it ran
     * @param command the exact command
     * @param settings one line of the run's settings
     * @param devices the fleet size
     * @param plot link to the plot, relative to the Markdown file, if one was written
     */
    public record RunInfo(ZonedDateTime date, MachineInfo machine, String command, String settings, int devices,
            Optional<String> plot) {

        /**
         * @throws NullPointerException if an argument is null
         */
        public RunInfo {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(plot, "plot");
        }
    }

    private MarkdownReport() {
    }

    /**
     * @param info the run
     * @param reports one per server, in column order; the ratio column compares the first with the second
     * @return the Markdown section, ending with a blank line
     */
    public static String render(RunInfo info, List<ServerReport> reports) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### %s, %,d devices%n%n", DATE.format(info.date()), info.devices()));
        md.append("- Machine: ").append(info.machine().describe()).append('\n');
        md.append("- Command: `").append(info.command()).append("`\n");
        md.append("- Settings: ").append(info.settings()).append('\n');
        info.plot().ifPresent(p -> md.append("- Plot: [").append(p).append("](").append(p).append(")\n"));
        md.append('\n');
        boolean ratio = reports.size() == 2;
        md.append("| Scenario | Figure |");
        reports.forEach(r -> md.append(' ').append(cell(r.server())).append(" |"));
        if (ratio) {
            md.append(' ').append(cell(reports.get(0).server() + " / " + reports.get(1).server())).append(" |");
        }
        md.append("\n|---|---|");
        reports.forEach(r -> md.append("---:|"));
        if (ratio) {
            md.append("---:|");
        }
        md.append('\n');
        Map<String, Figure[]> rows = rows(reports);
        for (Figure[] row : rows.values()) {
            Figure any = row[0] != null ? row[0] : row[1];
            md.append("| ").append(cell(any.scenario())).append(" | ").append(cell(any.name())).append(" |");
            for (Figure f : row) {
                md.append(' ').append(f == null ? "" : cell(f.text())).append(" |");
            }
            if (ratio) {
                md.append(' ').append(ratio(row[0], row[1])).append(" |");
            }
            md.append('\n');
        }
        return md.append('\n').toString();
    }

    private static Map<String, Figure[]> rows(List<ServerReport> reports) {
        Map<String, Figure[]> rows = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            for (Figure f : reports.get(i).figures()) {
                rows.computeIfAbsent(f.key(), k -> new Figure[reports.size()])[i] = f;
            }
        }
        return rows;
    }

    /** @return {@code a / b} with two decimals, or empty when either is missing, not applicable, or b is 0. */
    static String ratio(Figure a, Figure b) {
        if (a == null || b == null || !a.applicable() || !b.applicable() || b.value() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", a.value() / b.value());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Appends {@code section} to the end of {@code file}, creating it (and its folder) if needed.
     *
     * @throws IOException if the file cannot be written
     */
    public static void append(Path file, String section) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String prefix = "";
        if (Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            prefix = existing.isEmpty() || existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
        }
        Files.writeString(file, prefix + section, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
