// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerCpuTest {

    @Test
    void difference_and_jit_share() {
        ServerCpu before = new ServerCpu(1_000, Map.of("C2_CompilerThre", 100L, "CoapServer(main", 200L));
        ServerCpu after = new ServerCpu(4_000, Map.of("C2_CompilerThre", 600L, "CoapServer(main", 2_200L,
                "C1_CompilerThre", 100L));
        ServerCpu spent = after.since(before);
        assertThat(spent.processNanos()).isEqualTo(3_000);
        assertThat(spent.jitNanos()).isEqualTo(600);
        assertThat(spent.withoutJitNanos()).isEqualTo(2_400);
    }

    @Test
    void per_operation_lists_the_largest_groups_first_in_milliseconds() {
        ServerCpu cpu = new ServerCpu(0, Map.of("a", 1_000_000L, "b", 3_000_000L, "tiny", 1L));
        assertThat(cpu.perOperation(2)).isEqualTo("b 1.500, a 0.500");
    }

    @Test
    void thread_names_lose_their_numbers_and_addresses() {
        assertThat(ServerCpu.threadGroup("DTLS-Worker-/12")).isEqualTo("DTLS-Worker");
        assertThat(ServerCpu.threadGroup("CoapServer(main")).isEqualTo("CoapServer(main");
        assertThat(ServerCpu.threadGroup("C2 CompilerThre")).isEqualTo("C2_CompilerThre");
        assertThat(ServerCpu.threadGroup("GC Thread#0")).isEqualTo("GC_Thread");
        assertThat(ServerCpu.threadGroup("motehub-http-12")).isEqualTo("motehub-http");
    }
}
