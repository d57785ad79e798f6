// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Says which code a run measured, as near as it can tell: the git commit of the working folder and whether tracked
 * files had uncommitted changes, so that a figure in the report can be traced to its code.
 */
final class CodeVersion {

    private CodeVersion() {
    }

    /** @return e.g. {@code git 8eedff7 + uncommitted changes}, or {@code unknown (no git)}. */
    static String describe() {
        String commit = git(List.of("git", "rev-parse", "--short", "HEAD"));
        if (commit == null || commit.isBlank()) {
            return "unknown (no git)";
        }
        String changes = git(List.of("git", "status", "--porcelain", "--untracked-files=no"));
        return "git " + commit.trim() + (changes == null || changes.isBlank() ? "" : " + uncommitted changes");
    }

    private static String git(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
