// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.junit.jupiter.api.Test;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

/** Validation of profiles against Leshan's core object models (object 3 Device: 9 integer, 7 multiple, 0 string). */
class ProfileRulesTest {

    private static final StaticModel MODEL = new StaticModel(ObjectLoader.loadAllDefault());
    private final ProfileRules rules = new ProfileRules(MODEL, EnumSet.of(ProfileContentFormat.TLV,
            ProfileContentFormat.SENML_JSON, ProfileContentFormat.SENML_CBOR));

    private static ProfileInput input(ObservedPath... paths) {
        return new ProfileInput("p", null, Arrays.asList(paths), null, null, null, null);
    }

    private static ObservedPath attrs(String path, Long pmin, Long pmax, Double gt, Double lt, Double st) {
        return new ObservedPath(path, pmin, pmax, gt, lt, st);
    }

    /** @return the fields named by the refusal of {@code input}, each as "field: message". */
    private List<String> errors(ProfileInput input) {
        try {
            rules.validate(input);
        } catch (InvalidInputException e) {
            return e.errors().stream().map(f -> f.field() + ": " + f.message()).toList();
        }
        throw new AssertionError("accepted: " + input);
    }

    private List<String> fields(ProfileInput input) {
        return errors(input).stream().map(s -> s.substring(0, s.indexOf(':'))).toList();
    }

    @Test
    void valid_profile_is_accepted_and_its_paths_returned_in_order() {
        List<ObservedPath> paths = rules.validate(new ProfileInput("thermo-v2.1", "thermo_v2", List.of(
                attrs("/3/0/9", 10L, 60L, 80.0, 20.0, 5.0), ObservedPath.of("/3/0/7/0"), ObservedPath.of("/1/0")),
                true, "SENML_CBOR", true, 300L));

        assertThat(paths).extracting(ObservedPath::path).containsExactly("/3/0/9", "/3/0/7/0", "/1/0");
        assertThat(paths.get(0).st()).isEqualTo(5.0);
    }

    @Test
    void name_is_required_and_restricted() {
        assertThat(fields(new ProfileInput(null, null, null, null, null, null, null))).containsExactly("name");
        assertThat(fields(new ProfileInput("", null, null, null, null, null, null))).containsExactly("name");
        assertThat(fields(new ProfileInput("a/b", null, null, null, null, null, null))).containsExactly("name");
        assertThat(fields(new ProfileInput("x".repeat(65), null, null, null, null, null, null)))
                .containsExactly("name");
        assertThat(fields(new ProfileInput("p", "has space", null, null, null, null, null)))
                .containsExactly("deviceType");
    }

    @Test
    void malformed_paths_are_refused_naming_their_index() {
        assertThat(fields(input(ObservedPath.of("/3/0/9"), ObservedPath.of("3/0/1"), ObservedPath.of("/3"),
                ObservedPath.of("/"), ObservedPath.of("/3/0/1/2/3"), ObservedPath.of("/3/x/1"),
                ObservedPath.of(null), ObservedPath.of("/70000/0"))))
                .containsExactly("observe[1].path", "observe[2].path", "observe[3].path", "observe[4].path",
                        "observe[5].path", "observe[6].path", "observe[7].path");
    }

    @Test
    void null_entry_in_the_observe_list_is_refused() {
        assertThat(fields(new ProfileInput("p", null, Arrays.asList(ObservedPath.of("/3/0/9"), null), null, null,
                null, null))).containsExactly("observe[1]");
    }

    @Test
    void paths_outside_the_object_models_are_refused() {
        assertThat(errors(input(ObservedPath.of("/9999/0/1"), ObservedPath.of("/3/0/12345"),
                ObservedPath.of("/3/0/9/1"))))
                .containsExactly("observe[0].path: object 9999 is not in the server's object models (add its DDF "
                        + "file with --models)", "observe[1].path: resource 12345 is not defined for object 3 (Device)",
                        "observe[2].path: resource /3/0/9 (Battery Level) has a single instance");
    }

    @Test
    void duplicate_and_overlapping_paths_are_refused() {
        assertThat(errors(input(ObservedPath.of("/3/0"), ObservedPath.of("/3/0/9"), ObservedPath.of("/1/0/1"),
                ObservedPath.of("/1/0/1"))))
                .containsExactly("observe[1].path: overlaps observe[0].path (/3/0)",
                        "observe[3].path: overlaps observe[2].path (/1/0/1)");
    }

    @Test
    void too_many_paths_are_refused() {
        List<ObservedPath> many = IntStream.range(0, ProfileRules.MAX_PATHS + 1)
                .mapToObj(i -> ObservedPath.of("/3/0/7/" + i)).toList();

        assertThat(fields(new ProfileInput("p", null, many, null, null, null, null))).containsExactly("observe");
    }

    @Test
    void periods_must_be_non_negative_and_ordered() {
        assertThat(fields(input(attrs("/3/0/9", -1L, null, null, null, null)))).containsExactly("observe[0].pmin");
        assertThat(fields(input(attrs("/3/0/9", null, -5L, null, null, null)))).containsExactly("observe[0].pmax");
        assertThat(fields(input(attrs("/3/0/9", 60L, 10L, null, null, null)))).containsExactly("observe[0].pmax");
        rules.validate(input(attrs("/3/0/9", 60L, 60L, null, null, null), attrs("/3/0/10", 0L, 0L, null, null,
                null)));
    }

    @Test
    void thresholds_apply_only_to_numeric_resources() {
        assertThat(errors(input(attrs("/3/0/0", null, null, 1.0, null, null), attrs("/1/0", null, null, null, null,
                2.0)))).containsExactly("observe[0].gt: applies only to a numeric resource",
                        "observe[1].st: applies only to a numeric resource");
        rules.validate(input(attrs("/3/0/7/0", 10L, null, 3.0, 1.0, 0.5)));
    }

    @Test
    void thresholds_must_be_consistent() {
        assertThat(fields(input(attrs("/3/0/9", null, null, Double.NaN, null, null))))
                .containsExactly("observe[0].gt");
        assertThat(fields(input(attrs("/3/0/9", null, null, null, null, 0.0)))).containsExactly("observe[0].st");
        assertThat(fields(input(attrs("/3/0/9", null, null, 10.0, 10.0, null)))).containsExactly("observe[0].lt");
        assertThat(fields(input(attrs("/3/0/9", null, null, 10.0, 5.0, 2.5)))).containsExactly("observe[0].st");
        rules.validate(input(attrs("/3/0/9", null, null, 10.0, 5.0, 2.4)));
    }

    @Test
    void content_format_must_be_one_the_server_decodes() {
        assertThat(errors(new ProfileInput("p", null, null, null, "LWM2M_CBOR", null, null)))
                .containsExactly("contentFormat: must be one of [TLV, SENML_JSON, SENML_CBOR]");
        assertThat(fields(new ProfileInput("p", null, null, null, "senml_cbor", null, null)))
                .containsExactly("contentFormat");
        ProfileRules withCbor = new ProfileRules(MODEL, EnumSet.allOf(ProfileContentFormat.class));
        withCbor.validate(new ProfileInput("p", null, null, true, "LWM2M_CBOR", null, null));
    }

    @Test
    void composite_observe_needs_a_format_that_carries_several_paths() {
        assertThat(errors(new ProfileInput("p", null, null, true, "TLV", null, null)))
                .containsExactly("contentFormat: TLV cannot carry an Observe-Composite; use one of [SENML_JSON, "
                        + "SENML_CBOR]");
        ProfileRules tlvOnly = new ProfileRules(MODEL, EnumSet.of(ProfileContentFormat.TLV));
        assertThatThrownBy(() -> tlvOnly.validate(new ProfileInput("p", null, null, true, null, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("compositeObserve"));
    }

    @Test
    void lifetime_must_be_between_one_second_and_a_year() {
        assertThat(fields(new ProfileInput("p", null, null, null, null, null, 0L))).containsExactly(
                "lifetimeSeconds");
        assertThat(fields(new ProfileInput("p", null, null, null, null, null, ProfileRules.MAX_LIFETIME_SECONDS
                + 1))).containsExactly("lifetimeSeconds");
        rules.validate(new ProfileInput("p", null, null, null, null, null, ProfileRules.MAX_LIFETIME_SECONDS));
    }

    @Test
    void every_bad_field_is_named_at_once() {
        assertThat(fields(new ProfileInput(null, "a b", List.of(ObservedPath.of("/x")), null, "XML", null, -1L)))
                .containsExactly("name", "deviceType", "observe[0].path", "contentFormat", "lifetimeSeconds");
    }
}
