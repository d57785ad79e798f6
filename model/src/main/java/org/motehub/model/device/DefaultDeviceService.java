// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.credentials.PskCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry on a {@link DeviceStore}. Changes to one device are serialized by a striped lock, so that a
 * registration update and an operator's state change cannot overwrite each other.
 */
public class DefaultDeviceService implements DeviceService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultDeviceService.class);
    private static final int STRIPES = 256;
    /** How many stored devices one listing may scan to fill a filtered page. */
    private static final int SCAN_BUDGET = 100_000;

    private final DeviceStore store;
    private final Clock clock;
    private final Object[] stripes = new Object[STRIPES];
    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @throws NullPointerException if an argument is null
     */
    public DefaultDeviceService(DeviceStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Object lockOf(String endpoint) {
        return stripes[Math.floorMod(endpoint.hashCode(), STRIPES)];
    }

    @Override
    public Device create(NewDevice request) {
        DeviceRecord record = DeviceInputRules.validate(request, clock.instant());
        store.insert(record);
        LOG.info("Device [{}] created with DM PSK identity [{}] and bootstrap PSK identity [{}]",
                record.device().endpoint(), record.dm().map(PskCredentials::identity).orElse("none"),
                record.bootstrap().map(PskCredentials::identity).orElse("none"));
        return record.device();
    }

    @Override
    public Optional<Device> find(String endpoint) {
        return store.find(endpoint);
    }

    @Override
    public Device get(String endpoint) {
        return store.find(endpoint).orElseThrow(() -> new NotFoundException("no device with endpoint " + endpoint));
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public Page<Device> list(DeviceQuery query) {
        int limit = query.page().limit();
        List<Device> items = new ArrayList<>(limit);
        String after = query.page().after().orElse(null);
        int scanned = 0;
        while (items.size() < limit && scanned < SCAN_BUDGET) {
            List<Device> chunk = store.list(after, Math.max(limit, 256));
            if (chunk.isEmpty()) {
                return new Page<>(items, null);
            }
            for (Device d : chunk) {
                scanned++;
                after = d.endpoint();
                if (query.matches(d)) {
                    items.add(d);
                    if (items.size() == limit) {
                        break;
                    }
                }
            }
        }
        boolean more = !store.list(after, 1).isEmpty();
        return new Page<>(items, more ? PageRequest.cursorAfter(after) : null);
    }

    @Override
    public Device patch(String endpoint, String name, DeviceState state) {
        if (name != null) {
            DeviceInputRules.checkName(name);
        }
        Device previous;
        Device changed;
        synchronized (lockOf(endpoint)) {
            previous = get(endpoint);
            changed = previous;
            if (name != null) {
                changed = changed.withName(name, clock.instant());
            }
            if (state != null && state != previous.state()) {
                if (!previous.state().canMoveTo(state)) {
                    throw new ConflictException("device " + endpoint + " cannot move from " + previous.state()
                            + " to " + state + "; allowed: " + previous.state().next());
                }
                changed = changed.withState(state, clock.instant());
            }
            if (changed == previous) {
                return previous;
            }
            if (changed.state() == DeviceState.DECOMMISSIONED) {
                store.updateAndEraseCredentials(changed);
            } else {
                store.update(changed);
            }
        }
        if (changed.state() != previous.state()) {
            LOG.info("Device [{}] moved from [{}] to [{}]", endpoint, previous.state(), changed.state());
            fireStateChanged(changed, previous.state());
            return get(endpoint); // listeners may have changed it (an evicted device is now offline)
        }
        return changed;
    }

    @Override
    public Device decommission(String endpoint) {
        Device device = get(endpoint);
        if (device.state() == DeviceState.DECOMMISSIONED) {
            return device;
        }
        return patch(endpoint, null, DeviceState.DECOMMISSIONED);
    }

    @Override
    public Device setProfile(String endpoint, String profile) {
        synchronized (lockOf(endpoint)) {
            Device current = get(endpoint);
            if (Objects.equals(current.profile(), profile)) {
                return current;
            }
            Device changed = current.withProfile(profile, clock.instant());
            store.update(changed);
            return changed;
        }
    }

    @Override
    public void registered(String endpoint, Instant at) {
        change(endpoint, PresenceChange.REGISTERED, d -> {
            Device seen = d.seen(true, at);
            return d.state() == DeviceState.PROVISIONING ? seen.withState(DeviceState.ACTIVE, at) : seen;
        });
    }

    @Override
    public void updated(String endpoint, Instant at) {
        change(endpoint, PresenceChange.UPDATED, d -> d.seen(true, at));
    }

    @Override
    public void unregistered(String endpoint, Instant at) {
        change(endpoint, PresenceChange.DEREGISTERED, d -> d.seen(false, at));
    }

    @Override
    public void expired(String endpoint, Instant at) {
        change(endpoint, PresenceChange.EXPIRED, d -> d.seen(false, at));
    }

    /**
     * Applies a presence change, which the store writes with others a few milliseconds later; a device unknown to the
     * registry is logged and ignored.
     */
    private void change(String endpoint, PresenceChange kind, UnaryOperator<Device> f) {
        Device previous;
        Device changed;
        synchronized (lockOf(endpoint)) {
            Optional<Device> current = store.find(endpoint);
            if (current.isEmpty()) {
                LOG.warn("Presence change for unknown device [{}] ignored", endpoint);
                return;
            }
            previous = current.get();
            changed = f.apply(previous);
            store.updatePresence(changed);
        }
        if (changed.state() != previous.state()) {
            LOG.info("Device [{}] moved from [{}] to [{}]", endpoint, previous.state(), changed.state());
            fireStateChanged(changed, previous.state());
        }
        fire(endpoint, l -> l.presenceChanged(changed, kind));
    }

    private void fireStateChanged(Device device, DeviceState previous) {
        fire(device.endpoint(), l -> l.stateChanged(device, previous));
    }

    /** Tells every listener; one that fails is logged and does not keep the others from hearing. */
    private void fire(String endpoint, Consumer<DeviceListener> call) {
        for (DeviceListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.error("Device listener failed for [{}]", endpoint, e);
            }
        }
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
