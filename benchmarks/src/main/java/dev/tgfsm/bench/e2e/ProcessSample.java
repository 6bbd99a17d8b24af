package dev.tgfsm.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code /proc} tells about a process at one moment: its CPU time (user + system, in clock
 * ticks), resident memory and peak resident memory, and the CPU time of each of its live threads.
 *
 * @param ticks user + system CPU time of the whole process, live and ended threads
 * @param rssKib {@code VmRSS}
 * @param hwmKib {@code VmHWM}, the peak resident set
 * @param threadTicks CPU ticks by thread id, with the thread's name
 */
record ProcessSample(long ticks, long rssKib, long hwmKib, Map<Long, ThreadTicks> threadTicks) {

    /**
     * The CPU time of one thread.
     *
     * @param name the thread's name as the kernel knows it (at most 15 characters)
     * @param ticks user + system CPU time
     */
    record ThreadTicks(String name, long ticks) {
    }

    /**
     * Reads a process.
     *
     * @param pid the process
     * @return its counters now
     * @throws IOException if {@code /proc} cannot be read (the process ended)
     */
    static ProcessSample of(long pid) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        long ticks = statTicks(Files.readString(proc.resolve("stat")));
        long rss = 0;
        long hwm = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            }
            else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, statTicks(stat)));
                }
                catch (IOException ex) {
                    // the thread ended while we listed: its time is in the process total
                }
            }
        }
        return new ProcessSample(ticks, rss, hwm, threads);
    }

    /**
     * Sums the CPU time threads spent since an earlier sample, by thread name with digits removed
     * ({@code GC Thread#0} and {@code GC Thread#1} count as {@code GC Thread#}).
     *
     * @param before the earlier sample of the same process
     * @return ticks by thread group; threads that ended in between are missing
     */
    Map<String, Long> threadGroupTicksSince(ProcessSample before) {
        Map<String, Long> groups = new HashMap<>();
        threadTicks.forEach((tid, now) -> {
            ThreadTicks then = before.threadTicks.get(tid);
            long delta = now.ticks() - (then == null ? 0 : then.ticks());
            if (delta > 0) {
                groups.merge(now.name().replaceAll("[0-9]+", "#").replaceAll("#+", "#"), delta, Long::sum);
            }
        });
        return groups;
    }

    private static long statTicks(String stat) {
        // fields after the parenthesised name: state is field 3; utime and stime are fields 14 and 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
