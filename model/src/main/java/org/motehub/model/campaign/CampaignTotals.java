// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

/**
 * How many devices of a campaign are where. {@code inProgress} is split by the step of their update: {@code waiting}
 * (started, device not reached yet), {@code downloading}, {@code downloaded}, {@code updating}, {@code verifying}.
 *
 * @param total every device taking part (exclusions not counted)
 * @param pending not started
 * @param inProgress started and unfinished
 * @param waiting in progress, waiting for the device
 * @param downloading in progress, downloading
 * @param downloaded in progress, image downloaded
 * @param updating in progress, flashing
 * @param verifying in progress, its new version being checked
 * @param succeeded on the target version
 * @param failed failed
 * @param skipped could not be started
 * @param cancelled cancelled before they finished
 */
public record CampaignTotals(int total, int pending, int inProgress, int waiting, int downloading, int downloaded,
        int updating, int verifying, int succeeded, int failed, int skipped, int cancelled) {

    /** No device. */
    public static final CampaignTotals NONE = new CampaignTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** @return these totals with {@code device} counted once more ({@code sign} 1) or once less (-1). */
    public CampaignTotals plus(CampaignDevice device, int sign) {
        int pe = pending;
        int ip = inProgress;
        int wa = waiting;
        int dl = downloading;
        int dd = downloaded;
        int up = updating;
        int ve = verifying;
        int su = succeeded;
        int fa = failed;
        int sk = skipped;
        int ca = cancelled;
        switch (device.status()) {
        case PENDING:
            pe += sign;
            break;
        case IN_PROGRESS:
            ip += sign;
            if (device.step() == null) {
                wa += sign;
            } else {
                switch (device.step()) {
                case DOWNLOADING:
                    dl += sign;
                    break;
                case DOWNLOADED:
                    dd += sign;
                    break;
                case UPDATING:
                    up += sign;
                    break;
                case VERIFYING:
                    ve += sign;
                    break;
                default:
                    wa += sign;
                }
            }
            break;
        case SUCCEEDED:
            su += sign;
            break;
        case FAILED:
            fa += sign;
            break;
        case SKIPPED:
            sk += sign;
            break;
        default:
            ca += sign;
        }
        return new CampaignTotals(total + sign, pe, ip, wa, dl, dd, up, ve, su, fa, sk, ca);
    }

    /** @return these totals with {@code before} replaced by {@code after}. */
    public CampaignTotals replacing(CampaignDevice before, CampaignDevice after) {
        return plus(before, -1).plus(after, 1);
    }

    /** @return how many devices are done (succeeded, failed, skipped or cancelled). */
    public int finished() {
        return succeeded + failed + skipped + cancelled;
    }

    /** @return the share of devices done, 0..100 (100 for a campaign without devices). */
    public int progressPercent() {
        return total == 0 ? 100 : (int) (100L * finished() / total);
    }
}
