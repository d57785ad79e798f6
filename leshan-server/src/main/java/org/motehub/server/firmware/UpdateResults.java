// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.firmware;

/** The LwM2M object 5 Update Result codes (/5/0/5) and what each failure means, for operators. */
final class UpdateResults {

    static final int INITIAL = 0;
    static final int SUCCESS = 1;

    private UpdateResults() {
    }

    /** @return whether {@code result} is one of the failure codes 2..9. */
    static boolean isFailure(long result) {
        return result >= 2 && result <= 9;
    }

    /** @return a sentence saying why the update failed, naming the code. */
    static String reason(long result) {
        String text = switch ((int) result) {
        case 2 -> "not enough flash memory for the new package";
        case 3 -> "out of RAM during the download";
        case 4 -> "connection lost during the download";
        case 5 -> "integrity check failure of the new package";
        case 6 -> "unsupported package type";
        case 7 -> "invalid URI";
        case 8 -> "firmware update failed";
        case 9 -> "unsupported protocol";
        default -> "unknown result";
        };
        return "the device reported update result " + result + ": " + text;
    }
}
