package dev.tgfsm.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Counts the bytes the codec allocates to read the metadata a bot stores on every update
 * ({@link JacksonFsmCodecTests#SAMPLE_META}: the sample bot's, mid-flow), on this thread, median of 9
 * batches after a warm-up; nothing here is timed.
 *
 * <p>Measured about 6,000 bytes per read, most of them the maps, lists and strings read; the
 * mapper's untyped read of the same text (every integer a {@code BigInteger} first, then made
 * smaller) about 7,500. The test fails when a read allocates more than 90 % of the mapper's read on
 * the same JVM, so reading through the mapper again fails it.
 */
class JacksonFsmCodecAllocationTests {

    @Test
    void readingTheMetadataOfATypicalUpdateAllocatesLessThanTheMappersUntypedRead() {
        com.sun.management.ThreadMXBean threads = threads();
        assumeTrue(threads != null, "this JVM does not count allocated bytes per thread");
        JacksonFsmCodec codec = new JacksonFsmCodec();
        JacksonFsmCodec withMapper = new JacksonFsmCodec(JacksonFsmCodec.defaultMapper());

        long ours = bytesPerCall(threads, () -> codec.decodeValue(JacksonFsmCodecTests.SAMPLE_META, "k"));
        long mappers = bytesPerCall(threads, () -> withMapper.decodeValue(JacksonFsmCodecTests.SAMPLE_META, "k"));
        System.out.println("bytes allocated per metadata read: " + ours + " (through the mapper: " + mappers + ")");

        assertThat(ours).as("bytes allocated per metadata read, against %s through the mapper", mappers)
                .isLessThanOrEqualTo(mappers * 9 / 10);
    }

    private static long bytesPerCall(com.sun.management.ThreadMXBean threads, Supplier<Object> call) {
        long id = Thread.currentThread().getId();
        Object sink = null;
        for (int i = 0; i < 20_000; i++) {
            sink = call.get();
        }
        int calls = 500;
        long[] batches = new long[9];
        for (int b = 0; b < batches.length; b++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                sink = call.get();
            }
            batches[b] = (threads.getThreadAllocatedBytes(id) - before) / calls;
        }
        assertThat(sink).isNotNull();
        Arrays.sort(batches);
        return batches[batches.length / 2];
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            threads.setThreadAllocatedMemoryEnabled(true);
            return threads;
        }
        return null;
    }
}
