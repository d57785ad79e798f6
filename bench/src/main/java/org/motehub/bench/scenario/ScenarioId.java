// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

/**
 * The scenarios a run can select ({@code --scenarios}). The register storm always runs when another scenario needs
 * registered devices; the observe setup runs before steady state and the read fan-out; every run ends with the
 * devices deregistering.
 */
public enum ScenarioId {
    /** N devices register over DTLS-PSK as fast as the server takes them. */
    STORM,
    /** N registered devices send updates at their lifetime and notifications at a set rate. */
    STEADY,
    /** One READ per device, through Motehub's REST API and through Leshan's Java API. */
    READ,
    /** Firmware pull by M devices at once, through a campaign (Motehub only: Leshan has no firmware distribution). */
    FIRMWARE,
    /** Server restart with N devices and their registrations in the store. */
    COLD
}
