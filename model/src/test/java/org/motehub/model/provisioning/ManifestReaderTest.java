// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

class ManifestReaderTest {

    private static List<ManifestRow> csv(String text) {
        return ManifestReader.read(text.getBytes(UTF_8), ManifestFormat.CSV);
    }

    @Test
    void csv_rows_carry_their_line_and_quoted_cells_keep_commas_quotes_and_line_breaks() {
        List<ManifestRow> rows = csv("endpoint,name,deviceType,bootstrapIdentity,bootstrapKey\r\n"
                + "a,\"Boiler, cellar\",meter,,\n\n"
                + "b,\"two\nlines \"\"quoted\"\"\",,id-b,00112233445566778899aabbccddeeff\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(new ManifestRow(2, "a", "Boiler, cellar", "meter", "", ""));
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows.get(1).name()).isEqualTo("two\nlines \"quoted\"");
        assertThat(rows.get(1).bootstrapKey()).isEqualTo("00112233445566778899aabbccddeeff");
    }

    @Test
    void unknown_column_missing_endpoint_and_ragged_rows_are_named_with_their_line() {
        assertThatThrownBy(() -> csv("name,colour\nx,red\n")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).containsExactly(
                        new FieldError("colour", "is not a known column; expected [endpoint, name, type, "
                                + "bootstrapIdentity, bootstrapKey]", 1),
                        new FieldError("endpoint", "column is required in the header", 1)));
        assertThatThrownBy(() -> csv("endpoint,name\na,A\nb\nc,C,extra\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::line).containsExactly(3, 4));
    }

    @Test
    void json_array_or_devices_object_is_read_with_the_line_of_each_object() {
        String json = "{\"devices\": [\n  {\"endpoint\": \"a\", \"name\": \"A\"},\n"
                + "  {\"endpoint\": \"b\", \"name\": \"B\", \"type\": \"meter\", \"bootstrapKey\": null}\n]}";

        List<ManifestRow> rows = ManifestReader.read(json.getBytes(UTF_8), ManifestFormat.JSON);

        assertThat(rows).containsExactly(new ManifestRow(2, "a", "A", "", "", ""),
                new ManifestRow(3, "b", "B", "meter", "", ""));
        assertThatThrownBy(() -> ManifestReader.read("[{\"endpoint\":\"a\",\"colour\":1}]".getBytes(UTF_8),
                ManifestFormat.JSON)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("colour"));
        assertThatThrownBy(() -> ManifestReader.read("[{\"endpoint\":".getBytes(UTF_8), ManifestFormat.JSON))
                .isInstanceOf(InvalidInputException.class);
    }
}
