package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Updates run on virtual threads only from Java 24 on: on Java 21 to 23 a virtual thread blocked in a
 * commit ({@code synchronized}) pins its carrier.
 */
class VirtualWorkersTests {

    @Test
    void onlyJava24AndLaterRunUpdatesOnVirtualThreads() {
        assertThat(FsmAutoConfiguration.virtualWorkers(21)).isFalse();
        assertThat(FsmAutoConfiguration.virtualWorkers(23)).isFalse();
        assertThat(FsmAutoConfiguration.virtualWorkers(24)).isTrue();
        assertThat(FsmAutoConfiguration.virtualWorkers(25)).isTrue();
    }
}
