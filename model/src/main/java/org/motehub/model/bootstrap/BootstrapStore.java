// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * Persists the bootstrap server's configuration (one {@link BootstrapProfile} per device type) and what happened in
 * each device's bootstraps ({@link BootstrapState}). The bootstrap credentials themselves live with the device, in the
 * {@code DeviceStore}, so that a device and its keys are written together. Thread-safe; read-modify-write sequences
 * are the caller's to serialize.
 */
public interface BootstrapStore {

    /** @return the bootstrap state of a device, empty if it never tried to bootstrap. */
    Optional<BootstrapState> findState(String endpoint);

    /** Replaces the bootstrap state of {@code state.endpoint()}. */
    void putState(BootstrapState state);

    /** @return the profile of a device type, if one was stored. */
    Optional<BootstrapProfile> findProfile(String type);

    /** Adds or replaces the profile of {@code profile.type()}. */
    void putProfile(BootstrapProfile profile);

    /** @return every stored profile, in type order. */
    List<BootstrapProfile> listProfiles();
}
