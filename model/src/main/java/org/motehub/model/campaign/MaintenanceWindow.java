// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.motehub.model.FieldError;

/**
 * The daily hours in which a running campaign may start devices, so that devices reboot when their owners expect it;
 * updates already started go on outside them. Kept as the operator wrote it (checked by {@link #check}) and read with
 * {@link #isOpen(Instant)}.
 *
 * @param from when it opens, {@code HH:mm} local time
 * @param to when it closes, {@code HH:mm}; before {@code from}, the window wraps past midnight
 * @param days the days it opens on ({@code MONDAY}..{@code SUNDAY}), or null or empty for every day; a window that
 *        wraps past midnight belongs to the day it opens on
 * @param zone the IANA zone of {@code from} and {@code to}, default {@code UTC}
 */
public record MaintenanceWindow(String from, String to, List<String> days, String zone) {

    /** The zone of a window that names none. */
    public static final String DEFAULT_ZONE = "UTC";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    public MaintenanceWindow {
        days = days == null ? List.of() : List.copyOf(days);
    }

    /** @return this window with its zone defaulted and its days in upper case; call after {@link #check}. */
    public MaintenanceWindow normalized() {
        List<String> upper = new ArrayList<>();
        for (String d : days) {
            upper.add(d.trim().toUpperCase(Locale.ROOT));
        }
        return new MaintenanceWindow(from, to, upper, zone == null || zone.isBlank() ? DEFAULT_ZONE : zone);
    }

    /** Adds an error for each bad field of {@code window}, named {@code field.from} etc. */
    public static void check(MaintenanceWindow window, String field, List<FieldError> errors) {
        LocalTime from = time(window.from(), field + ".from", errors);
        LocalTime to = time(window.to(), field + ".to", errors);
        if (from != null && to != null && from.equals(to)) {
            errors.add(new FieldError(field + ".to", "must differ from " + field + ".from"));
        }
        for (int i = 0; i < window.days().size(); i++) {
            String d = window.days().get(i);
            try {
                DayOfWeek.valueOf(d == null ? "" : d.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + ".days[" + i + "]", "must be one of MONDAY..SUNDAY"));
            }
        }
        if (window.zone() != null && !window.zone().isBlank()) {
            try {
                ZoneId.of(window.zone());
            } catch (DateTimeException e) {
                errors.add(new FieldError(field + ".zone", "is not a known time zone id (e.g. Europe/Paris, UTC)"));
            }
        }
    }

    private static LocalTime time(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required, HH:mm"));
            return null;
        }
        try {
            return LocalTime.parse(value, HH_MM);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a time HH:mm, 00:00 to 23:59"));
            return null;
        }
    }

    /** @return whether a device may be started at {@code now}. */
    public boolean isOpen(Instant now) {
        ZonedDateTime local = now.atZone(ZoneId.of(zone == null || zone.isBlank() ? DEFAULT_ZONE : zone));
        LocalTime t = local.toLocalTime();
        LocalTime open = LocalTime.parse(from, HH_MM);
        LocalTime close = LocalTime.parse(to, HH_MM);
        DayOfWeek openedOn;
        if (open.isBefore(close)) {
            if (t.isBefore(open) || !t.isBefore(close)) {
                return false;
            }
            openedOn = local.getDayOfWeek();
        } else if (!t.isBefore(open)) {
            openedOn = local.getDayOfWeek();
        } else if (t.isBefore(close)) {
            openedOn = local.getDayOfWeek().minus(1);
        } else {
            return false;
        }
        return days.isEmpty() || days.stream().anyMatch(d -> d.equalsIgnoreCase(openedOn.name()));
    }
}
