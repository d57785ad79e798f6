// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.motehub.demo.firmware.InstalledFirmware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance 0 of the LwM2M Device object (3) of a simulated device: identity, a slowly draining battery, a settable
 * clock and time zone, and a Reboot that a server can execute.
 * <p>
 * Leshan's object enabler refuses writes to read-only resources (4.05) before they reach this class. The owner calls
 * {@link #drainBattery()} periodically; this class has no thread of its own.
 */
final class DeviceObject extends BaseInstanceEnabler {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceObject.class);

    static final int MANUFACTURER = 0;
    static final int MODEL_NUMBER = 1;
    static final int SERIAL_NUMBER = 2;
    static final int FIRMWARE_VERSION = 3;
    static final int REBOOT = 4;
    static final int BATTERY_LEVEL = 9;
    static final int MEMORY_FREE = 10;
    static final int ERROR_CODE = 11;
    static final int CURRENT_TIME = 13;
    static final int UTC_OFFSET = 14;
    static final int TIMEZONE = 15;
    static final int SUPPORTED_BINDING = 16;

    static final String MANUFACTURER_NAME = "Motehub";
    static final String MODEL = "demo-sensor";
    /** Firmware version of a factory-fresh device. */
    static final String FIRMWARE = "1.0.0";
    /** Supported binding: UDP. Queue mode is announced in the register request (LwM2M 1.1), not here. */
    static final String BINDING = "U";
    static final long MEMORY_FREE_KB = 512;
    static final String DEFAULT_UTC_OFFSET = "+00:00";
    static final String DEFAULT_TIMEZONE = "UTC";
    /** Error code 1 of the Device object: low battery power. */
    static final long ERROR_LOW_BATTERY = 1;
    static final int LOW_BATTERY_LEVEL = 10;

    private static final List<Integer> SUPPORTED_RESOURCES = List.of(MANUFACTURER, MODEL_NUMBER, SERIAL_NUMBER,
            FIRMWARE_VERSION, REBOOT, BATTERY_LEVEL, MEMORY_FREE, ERROR_CODE, CURRENT_TIME, UTC_OFFSET, TIMEZONE,
            SUPPORTED_BINDING);

    private final String endpoint;
    private final Clock clock;
    private final Runnable rebootAction;
    private final InstalledFirmware installed;

    private int batteryLevel = 100;
    private Duration clockOffset = Duration.ZERO;
    private String utcOffset = DEFAULT_UTC_OFFSET;
    private String timezone = DEFAULT_TIMEZONE;

    /**
     * Creates the Device object of one simulated device.
     *
     * @param endpoint the device endpoint, also used as serial number
     * @param clock the time source of Current Time (13)
     * @param rebootAction run when a server executes Reboot (4); must return quickly (schedule the real work)
     * @throws NullPointerException if an argument is null
     */
    DeviceObject(String endpoint, Clock clock, Runnable rebootAction) {
        this(endpoint, clock, rebootAction, new InstalledFirmware(MODEL, FIRMWARE));
    }

    /**
     * Creates the Device object of one simulated device whose Model Number and Firmware Version come from its
     * firmware state; observers of /3/0/3 are notified when a firmware update changes the version.
     *
     * @param endpoint the device endpoint, also used as serial number
     * @param clock the time source of Current Time (13)
     * @param rebootAction run when a server executes Reboot (4); must return quickly (schedule the real work)
     * @param installed the device type and running firmware version
     * @throws NullPointerException if an argument is null
     */
    DeviceObject(String endpoint, Clock clock, Runnable rebootAction, InstalledFirmware installed) {
        super(0);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rebootAction = Objects.requireNonNull(rebootAction, "rebootAction");
        this.installed = Objects.requireNonNull(installed, "installed");
        installed.addListener(version -> fireResourceChange(FIRMWARE_VERSION));
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        switch (resourceId) {
        case MANUFACTURER:
            return ReadResponse.success(resourceId, MANUFACTURER_NAME);
        case MODEL_NUMBER:
            return ReadResponse.success(resourceId, installed.deviceType());
        case SERIAL_NUMBER:
            return ReadResponse.success(resourceId, endpoint);
        case FIRMWARE_VERSION:
            return ReadResponse.success(resourceId, installed.version());
        case BATTERY_LEVEL:
            return ReadResponse.success(resourceId, batteryLevel);
        case MEMORY_FREE:
            return ReadResponse.success(resourceId, MEMORY_FREE_KB);
        case ERROR_CODE:
            return ReadResponse.success(resourceId, Map.of(0, errorCode()), Type.INTEGER);
        case CURRENT_TIME:
            return ReadResponse.success(resourceId, Date.from(currentTime()));
        case UTC_OFFSET:
            return ReadResponse.success(resourceId, utcOffset);
        case TIMEZONE:
            return ReadResponse.success(resourceId, timezone);
        case SUPPORTED_BINDING:
            return ReadResponse.success(resourceId, BINDING);
        default:
            return super.read(server, resourceId);
        }
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        WriteResponse response;
        synchronized (this) {
            response = doWrite(resourceId, value);
        }
        if (response.isSuccess()) {
            LOG.info("device [{}] resource [/3/0/{}] written with [{}]", endpoint, resourceId, value.getValue());
            fireResourceChange(resourceId);
        } else {
            LOG.debug("device [{}] refused write of [/3/0/{}]: [{}]", endpoint, resourceId,
                    response.getErrorMessage());
        }
        return response;
    }

    private WriteResponse doWrite(int resourceId, LwM2mResource value) {
        switch (resourceId) {
        case CURRENT_TIME:
            Instant wanted = ((Date) value.getValue()).toInstant();
            clockOffset = Duration.between(clock.instant(), wanted);
            return WriteResponse.success();
        case UTC_OFFSET:
            String offset = (String) value.getValue();
            try {
                ZoneOffset.of(offset);
            } catch (DateTimeException e) {
                return WriteResponse.badRequest("not an ISO 8601 UTC offset: " + offset);
            }
            utcOffset = offset;
            return WriteResponse.success();
        case TIMEZONE:
            String zone = (String) value.getValue();
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                return WriteResponse.badRequest("not an IANA time zone: " + zone);
            }
            timezone = zone;
            return WriteResponse.success();
        default:
            return WriteResponse.notFound();
        }
    }

    @Override
    public synchronized void reset(int resourceId) {
        // called by Leshan for writable resources left out of a "replace" write of the whole instance
        switch (resourceId) {
        case CURRENT_TIME:
            clockOffset = Duration.ZERO;
            break;
        case UTC_OFFSET:
            utcOffset = DEFAULT_UTC_OFFSET;
            break;
        case TIMEZONE:
            timezone = DEFAULT_TIMEZONE;
            break;
        default:
            break;
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != REBOOT) {
            return super.execute(server, resourceId, arguments);
        }
        LOG.info("device [{}] reboot requested", endpoint);
        rebootAction.run();
        return ExecuteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return SUPPORTED_RESOURCES;
    }

    /**
     * Lowers the battery level by one percent and notifies observers; an empty battery is "recharged" to 100 % so that
     * a long demo keeps running. The error code reports low battery power at or below 10 %.
     */
    void drainBattery() {
        boolean errorChanged;
        int level;
        synchronized (this) {
            long errorBefore = errorCode();
            batteryLevel = batteryLevel > 0 ? batteryLevel - 1 : 100;
            level = batteryLevel;
            errorChanged = errorBefore != errorCode();
        }
        LOG.debug("device [{}] battery level is now [{}]", endpoint, level);
        if (errorChanged) {
            fireResourcesChange(getResourcePaths(BATTERY_LEVEL, ERROR_CODE));
        } else {
            fireResourceChange(BATTERY_LEVEL);
        }
    }

    /** Returns the battery level in percent. */
    synchronized int batteryLevel() {
        return batteryLevel;
    }

    private long errorCode() {
        return batteryLevel <= LOW_BATTERY_LEVEL ? ERROR_LOW_BATTERY : 0;
    }

    private Instant currentTime() {
        // LwM2M Time has a resolution of one second
        return clock.instant().plus(clockOffset).truncatedTo(ChronoUnit.SECONDS);
    }
}
