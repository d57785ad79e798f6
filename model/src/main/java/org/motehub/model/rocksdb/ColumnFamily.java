// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import java.nio.charset.StandardCharsets;

/** The column families of Motehub's single RocksDB database, one per kind of record or index. */
public enum ColumnFamily {
    /** endpoint -> Device JSON. */
    DEVICES("devices"),
    /** endpoint -> PskCredentials JSON. */
    CREDENTIALS("credentials"),
    /** PSK identity -> endpoint. */
    CREDENTIAL_IDENTITIES("credential_identities"),
    /** registration id -> Leshan registration JSON. */
    REGISTRATIONS("registrations"),
    /** observation id -> Leshan observation. */
    OBSERVATIONS("observations"),
    /** deviceId pathId epochNanos (binary, see TelemetryKeys) -> encoded value: raw telemetry points. */
    TELEMETRY("telemetry"),
    /** deviceId pathId resolution bucketStart -> count, sum, min, max: telemetry rollups. */
    ROLLUPS("rollups"),
    /** deviceId pathId minuteStart -> empty: one-minute buckets whose rollups may lag their raw points. */
    ROLLUP_JOURNAL("rollup_journal"),
    /** endpoint and path dictionary (compact ids for telemetry keys) and the registry of series. */
    TELEMETRY_IDS("telemetry_ids"),
    /** endpoint 0x00 command id -> Command JSON. */
    COMMANDS("commands"),
    /** endpoint 0x00 command id -> empty, for unfinished commands only. */
    COMMAND_QUEUE("command_queue"),
    /** endpoint -> PskCredentials JSON: DM credentials issued by the bootstrap server, not yet used to register. */
    CREDENTIALS_PENDING("credentials_pending"),
    /** endpoint -> PskCredentials JSON: the device's bootstrap credentials. */
    BOOTSTRAP_CREDENTIALS("bootstrap_credentials"),
    /** bootstrap PSK identity -> endpoint. */
    BOOTSTRAP_IDENTITIES("bootstrap_identities"),
    /** endpoint -> BootstrapState JSON (attempts, results, rotation). */
    BOOTSTRAP_STATE("bootstrap_state"),
    /** device type -> BootstrapProfile JSON (what the bootstrap server writes into the Server object). */
    BOOTSTRAP_PROFILES("bootstrap_profiles"),
    /** batch id -> ProvisioningBatch JSON. */
    PROVISIONING_BATCHES("provisioning_batches"),
    /** batch id -> generated keys as CSV, deleted when read. */
    PROVISIONING_SECRETS("provisioning_secrets"),
    /** profile name -> DeviceProfile JSON (what to observe on the devices that use it). */
    PROFILES("profiles"),
    /** endpoint -> DeviceTelemetryStatus JSON (profile paths it lacks, rejected payloads). */
    TELEMETRY_STATUS("telemetry_status"),
    /** firmware id -> Firmware JSON (metadata, sha256, signature, blocked). */
    FIRMWARE("firmware"),
    /** firmware id, chunk index (big-endian) -> image bytes; BlobDB keeps the large values out of the LSM tree. */
    FIRMWARE_BLOBS("firmware_blobs"),
    /** update id -> FirmwareUpdate JSON. */
    FIRMWARE_UPDATES("firmware_updates"),
    /** endpoint 0x00 update id -> empty: index of each device's updates (unfinished ones found without a scan). */
    FIRMWARE_UPDATES_BY_DEVICE("firmware_updates_by_device"),
    /** update id -> endpoint: unfinished updates only, so that the driver resumes them without a scan. */
    FIRMWARE_UPDATES_UNFINISHED("firmware_updates_unfinished"),
    /** campaign id 0x00 update id -> empty: index of each campaign's updates. */
    FIRMWARE_UPDATES_BY_CAMPAIGN("firmware_updates_by_campaign"),
    /** download token -> FirmwareLink JSON: per-device, per-update, expiring links served by /fw. */
    FIRMWARE_LINKS("firmware_links"),
    /** endpoint -> the firmware version the device last reported in /3/0/3. */
    DEVICE_FIRMWARE("device_firmware"),
    /** campaign id -> Campaign JSON. */
    CAMPAIGNS("campaigns"),
    /**
     * campaign id 0x00 endpoint -> CampaignDevice JSON (wave, status, reason); campaign id 0x01 endpoint -> Exclusion
     * JSON (excluded devices and why).
     */
    CAMPAIGN_DEVICES("campaign_devices");

    private final String cfName;

    ColumnFamily(String cfName) {
        this.cfName = cfName;
    }

    /** @return the column family name on disk. */
    public String cfName() {
        return cfName;
    }

    byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.UTF_8);
    }
}
