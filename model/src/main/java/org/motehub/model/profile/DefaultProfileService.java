// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceQuery;
import org.motehub.model.device.DeviceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles on a {@link ProfileStore}, and their assignment to devices through the {@link DeviceService}. Every
 * change is serialized by one lock, so that a profile cannot be deleted while it is being assigned; profiles change
 * rarely, so the lock costs nothing that matters.
 */
public class DefaultProfileService implements ProfileService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultProfileService.class);

    private final ProfileStore store;
    private final DeviceService devices;
    private final ProfileRules rules;
    private final Clock clock;
    private final Object lock = new Object();
    private final List<ProfileListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @throws NullPointerException if an argument is null
     */
    public DefaultProfileService(ProfileStore store, DeviceService devices, ProfileRules rules, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DeviceProfile create(ProfileInput input) {
        List<ObservedPath> paths = rules.validate(input);
        Instant now = clock.instant();
        DeviceProfile profile = new DeviceProfile(input.name(), input.deviceType(), paths,
                Boolean.TRUE.equals(input.compositeObserve()), input.contentFormat(), input.queueMode(),
                input.lifetimeSeconds(), 1, now, now);
        synchronized (lock) {
            store.insert(profile);
        }
        LOG.info("Profile [{}] created, observing {}", profile.name(), profile.paths());
        return profile;
    }

    @Override
    public Optional<DeviceProfile> find(String name) {
        return store.find(name);
    }

    @Override
    public DeviceProfile get(String name) {
        return store.find(name).orElseThrow(() -> new NotFoundException("no profile named " + name));
    }

    @Override
    public Page<DeviceProfile> list(PageRequest page) {
        List<DeviceProfile> items = store.list(page.after().orElse(null), page.limit() + 1);
        if (items.size() <= page.limit()) {
            return new Page<>(items, null);
        }
        List<DeviceProfile> shown = items.subList(0, page.limit());
        return new Page<>(shown, PageRequest.cursorAfter(shown.get(shown.size() - 1).name()));
    }

    @Override
    public DeviceProfile replace(String name, ProfileInput input, Long expectedVersion) {
        get(name);
        if (input.name() != null && !input.name().equals(name)) {
            throw new InvalidInputException("name", "must be absent or " + name + ": a profile cannot be renamed");
        }
        ProfileInput named = new ProfileInput(name, input.deviceType(), input.observe(), input.compositeObserve(),
                input.contentFormat(), input.queueMode(), input.lifetimeSeconds());
        List<ObservedPath> paths = rules.validate(named);
        DeviceProfile replaced;
        synchronized (lock) {
            DeviceProfile current = get(name);
            long expected = expectedVersion == null ? current.version() : expectedVersion;
            replaced = new DeviceProfile(name, named.deviceType(), paths, Boolean.TRUE.equals(named
                    .compositeObserve()), named.contentFormat(), named.queueMode(), named.lifetimeSeconds(),
                    expected + 1, current.createdAt(), clock.instant());
            store.replace(replaced, expected);
        }
        LOG.info("Profile [{}] replaced (version {}), observing {}", name, replaced.version(), replaced.paths());
        fire(l -> l.profileChanged(replaced), name);
        return replaced;
    }

    @Override
    public void delete(String name) {
        synchronized (lock) {
            get(name);
            List<String> users = devicesUsing(name, 5);
            if (!users.isEmpty()) {
                throw new ConflictException("profile " + name + " is used by " + String.join(", ", users)
                        + (users.size() == 5 ? " and maybe more" : "") + "; assign them another profile first",
                        List.of(new FieldError("name", "is used by " + users.size()
                                + (users.size() == 5 ? " or more devices" : " device(s)"))));
            }
            store.delete(name);
        }
        LOG.info("Profile [{}] deleted", name);
    }

    /** @return up to {@code max} endpoints of devices whose profile is {@code name}. */
    private List<String> devicesUsing(String name, int max) {
        List<String> found = new ArrayList<>();
        String cursor = null;
        do {
            Page<Device> page = devices.list(DeviceQuery.all(PageRequest.of(PageRequest.MAX_LIMIT, cursor)));
            for (Device d : page.items()) {
                if (name.equals(d.profile())) {
                    found.add(d.endpoint());
                    if (found.size() == max) {
                        return found;
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return found;
    }

    @Override
    public Device assign(String endpoint, String profile) {
        Device device;
        Optional<DeviceProfile> assigned;
        synchronized (lock) {
            assigned = profile == null ? Optional.empty() : store.find(profile);
            if (profile != null && assigned.isEmpty()) {
                devices.get(endpoint); // an unknown device is a 404 before an unknown profile is a 400
                throw new InvalidInputException("profile", "no profile named " + profile);
            }
            String before = devices.get(endpoint).profile();
            device = devices.setProfile(endpoint, profile);
            if (Objects.equals(before, profile)) {
                return device;
            }
        }
        LOG.info("Device [{}] now uses profile [{}]", endpoint, profile == null ? "none" : profile);
        fire(l -> l.deviceProfileChanged(endpoint, assigned), endpoint);
        return device;
    }

    private void fire(Consumer<ProfileListener> event, String subject) {
        for (ProfileListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.error("Profile listener failed for [{}]", subject, e);
            }
        }
    }

    @Override
    public void addListener(ProfileListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
