// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import org.motehub.bench.report.Figure;

/**
 * Scenario 4, firmware pull by M devices: not applicable yet. Motehub has no firmware distribution (upload,
 * campaigns, block-wise download) so far; it is another issue. The scenario is reported as such rather than faked.
 */
final class FirmwarePull {

    static final String TITLE = "firmware pull";

    private FirmwarePull() {
    }

    static void run(RunContext c) {
        c.report.add(Figure.notApplicable(TITLE, "pulls ok (failed)",
                "Motehub has no firmware distribution yet (separate issue)"));
    }
}
