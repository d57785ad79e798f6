// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.stats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dedicated logger of benchmark statistics, {@value #NAME}, so they can be routed apart from other logs. */
public final class StatisticsLog {

    /** The logger's name. */
    public static final String NAME = "org.motehub.bench.statistics";

    /** The logger. */
    public static final Logger LOG = LoggerFactory.getLogger(NAME);

    private StatisticsLog() {
    }
}
