// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a provisioning manifest into rows, CSV or JSON, with the line each row starts on. Columns (CSV header names or
 * JSON member names, any case): {@code endpoint}, {@code name}, {@code type} (or {@code deviceType}),
 * {@code bootstrapIdentity}, {@code bootstrapKey}. It only reads; {@link ManifestValidator} judges the values.
 */
public final class ManifestReader {

    /** Most rows one manifest may hold. */
    public static final int MAX_ROWS = 100_000;

    private static final List<String> COLUMNS = List.of("endpoint", "name", "type", "bootstrapIdentity",
            "bootstrapKey");
    private static final Map<String, String> ALIASES = aliases();
    private static final JsonFactory JSON = new JsonFactory();

    private ManifestReader() {
    }

    private static Map<String, String> aliases() {
        Map<String, String> m = new HashMap<>();
        for (String c : COLUMNS) {
            m.put(c.toLowerCase(Locale.ROOT), c);
        }
        m.put("devicetype", "type");
        m.put("bootstrap_identity", "bootstrapIdentity");
        m.put("bootstrap_key", "bootstrapKey");
        m.put("device_type", "type");
        return m;
    }

    /**
     * @return the rows of {@code manifest}, in file order
     * @throws InvalidInputException naming the line and column of every structural fault (unknown column, missing
     *         {@code endpoint} column, unterminated quote, malformed JSON, too many rows)
     */
    public static List<ManifestRow> read(byte[] manifest, ManifestFormat format) {
        return format == ManifestFormat.CSV ? readCsv(new String(manifest, UTF_8)) : readJson(manifest);
    }

    private static List<ManifestRow> readCsv(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // byte-order mark written by spreadsheet programs
        }
        CsvLines lines = new CsvLines(text);
        List<String> header = lines.next();
        if (header == null) {
            throw new InvalidInputException(List.of(new FieldError("body", "is empty: expected a header line "
                    + "naming the columns " + COLUMNS, 1)));
        }
        int headerLine = lines.lineOfLast();
        List<FieldError> errors = new ArrayList<>();
        String[] columns = new String[header.size()];
        for (int i = 0; i < header.size(); i++) {
            columns[i] = ALIASES.get(header.get(i).trim().toLowerCase(Locale.ROOT));
            if (columns[i] == null) {
                errors.add(new FieldError(header.get(i).trim(), "is not a known column; expected " + COLUMNS,
                        headerLine));
            }
        }
        if (!java.util.Arrays.asList(columns).contains("endpoint")) {
            errors.add(new FieldError("endpoint", "column is required in the header", headerLine));
        }
        throwIfAny(errors);
        List<ManifestRow> rows = new ArrayList<>();
        for (List<String> cells = lines.next(); cells != null; cells = lines.next()) {
            int line = lines.lineOfLast();
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue; // an empty line
            }
            if (cells.size() != columns.length) {
                errors.add(new FieldError("body", "has " + cells.size() + " cells, the header has "
                        + columns.length, line));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < columns.length; i++) {
                values.put(columns[i], cells.get(i).trim());
            }
            rows.add(row(line, values));
            checkSize(rows, line);
        }
        if (lines.unterminatedQuoteLine() > 0) {
            errors.add(new FieldError("body", "has a quote that is never closed", lines.unterminatedQuoteLine()));
        }
        throwIfAny(errors);
        return rows;
    }

    private static List<ManifestRow> readJson(byte[] manifest) {
        List<ManifestRow> rows = new ArrayList<>();
        try (JsonParser p = JSON.createParser(manifest)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                if (p.nextToken() != JsonToken.FIELD_NAME || !"devices".equals(p.currentName())) {
                    throw jsonError(p, "must be an array of devices or an object with a devices array");
                }
                t = p.nextToken();
            }
            if (t != JsonToken.START_ARRAY) {
                throw jsonError(p, "must be an array of devices or an object with a devices array");
            }
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                int line = p.currentLocation().getLineNr();
                Map<String, String> values = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String column = ALIASES.get(name.toLowerCase(Locale.ROOT));
                    JsonToken v = p.nextToken();
                    if (column == null) {
                        throw new InvalidInputException(List.of(new FieldError(name, "is not a known field; "
                                + "expected " + COLUMNS, p.currentLocation().getLineNr())));
                    }
                    if (!v.isScalarValue()) {
                        throw jsonError(p, name + " must be a string");
                    }
                    values.put(column, v == JsonToken.VALUE_NULL ? "" : p.getText().trim());
                }
                rows.add(row(line, values));
                checkSize(rows, line);
            }
            if (t != JsonToken.END_ARRAY) {
                throw jsonError(p, "must contain only device objects");
            }
        } catch (IOException e) {
            throw new InvalidInputException(List.of(new FieldError("body", "is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), 1)));
        }
        return rows;
    }

    private static InvalidInputException jsonError(JsonParser p, String message) {
        return new InvalidInputException(List.of(new FieldError("body", message, p.currentLocation().getLineNr())));
    }

    private static ManifestRow row(int line, Map<String, String> v) {
        return new ManifestRow(line, v.getOrDefault("endpoint", ""), v.get("name"), v.getOrDefault("type", ""),
                v.getOrDefault("bootstrapIdentity", ""), v.getOrDefault("bootstrapKey", ""));
    }

    private static void checkSize(List<ManifestRow> rows, int line) {
        if (rows.size() > MAX_ROWS) {
            throw new InvalidInputException(List.of(new FieldError("body", "has more than " + MAX_ROWS
                    + " devices; split it into several batches", line)));
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** Splits RFC 4180 text into records of cells, counting lines (a quoted cell may span several). */
    private static final class CsvLines {
        private final String text;
        private int pos;
        private int line = 1;
        private int lastLine;
        private int unterminated;

        CsvLines(String text) {
            this.text = text;
        }

        int lineOfLast() {
            return lastLine;
        }

        int unterminatedQuoteLine() {
            return unterminated;
        }

        /** @return the next record, or null at the end of the text. */
        List<String> next() {
            if (pos >= text.length()) {
                return null;
            }
            lastLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"' && pos < text.length() && text.charAt(pos) == '"') {
                        cell.append('"');
                        pos++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                } else if (c == '"' && cell.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    cells.add(cell.toString());
                    return cells;
                } else {
                    cell.append(c);
                }
            }
            if (quoted) {
                unterminated = lastLine;
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
