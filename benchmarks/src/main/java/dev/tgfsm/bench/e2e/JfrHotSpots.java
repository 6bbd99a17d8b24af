package dev.tgfsm.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A summary of a flight recording of the bot, as Markdown: where the sampled CPU time goes (by the
 * component of the first frame outside the JDK, by what the stack passes through, by method), how
 * much was allocated per update and by whom, and the garbage collector's pauses.
 *
 * <p>Run on its own with {@code java -cp benchmarks.jar dev.tgfsm.bench.e2e.JfrHotSpots
 * recording.jfr [updates]}.
 */
public final class JfrHotSpots {

    /** The component a class belongs to, by package prefix, first match wins. */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson 2 (Telegram objects)");
        COMPONENTS.put("tools.jackson.", "Jackson 3");
        COMPONENTS.put("okhttp3.", "OkHttp");
        COMPONENTS.put("okio.", "Okio");
        COMPONENTS.put("org.telegram.", "TelegramBots");
        COMPONENTS.put("io.lettuce.", "Lettuce");
        COMPONENTS.put("io.netty.", "Netty");
        COMPONENTS.put("reactor.", "Reactor");
        COMPONENTS.put("org.springframework.aop.", "Spring AOP / scoped proxies");
        COMPONENTS.put("jdk.proxy", "JDK dynamic proxies");
        COMPONENTS.put("org.springframework.", "Spring (other)");
        COMPONENTS.put("ch.qos.logback.", "Logging");
        COMPONENTS.put("org.slf4j.", "Logging");
        COMPONENTS.put("org.apache.logging.", "Logging");
        COMPONENTS.put("dev.tgfsm.sample.", "sample app");
        COMPONENTS.put("jdk.jfr.", "JFR");
        COMPONENTS.put("com.zaxxer.", "HikariCP");
        COMPONENTS.put("org.sqlite.", "SQLite");
    }

    /** What a sample's stack passes through: the share of samples that have such a frame anywhere. */
    private static final Map<String, Predicate<String>> THROUGH = new LinkedHashMap<>();

    static {
        THROUGH.put("intake: getUpdates (request, HTTP, parsing the updates)",
                f -> f.startsWith("dev.tgfsm.telegram.LongPollingIntake") || f.contains("GetUpdates"));
        THROUGH.put("Jackson 2, anywhere (Telegram objects in and out)", f -> f.startsWith("com.fasterxml.jackson."));
        THROUGH.put("Jackson 3, anywhere", f -> f.startsWith("tools.jackson."));
        THROUGH.put("Telegram client calls (OkHttpTelegramClient: building, HTTP, answer)",
                f -> f.startsWith("org.telegram.telegrambots.client."));
        THROUGH.put("OkHttp/Okio, anywhere", f -> f.startsWith("okhttp3.") || f.startsWith("okio."));
        THROUGH.put("update dispatch (dev.tgfsm.dispatch)", f -> f.startsWith("dev.tgfsm.dispatch."));
        THROUGH.put("Redis storage (dev.tgfsm.redis)", f -> f.startsWith("dev.tgfsm.redis."));
        THROUGH.put("Lettuce/Netty/Reactor, anywhere",
                f -> f.startsWith("io.lettuce.") || f.startsWith("io.netty.") || f.startsWith("reactor."));
        THROUGH.put("state codec (dev.tgfsm.codec)", f -> f.startsWith("dev.tgfsm.codec."));
        THROUGH.put("context / unit of work (dev.tgfsm.context, dev.tgfsm.storage)",
                f -> f.startsWith("dev.tgfsm.context.") || f.startsWith("dev.tgfsm.storage."));
        THROUGH.put("flows, wizard, scenes", f -> f.startsWith("dev.tgfsm.flow.") || f.startsWith("dev.tgfsm.wizard.")
                || f.startsWith("dev.tgfsm.scene."));
        THROUGH.put("routing and annotated handlers (dev.tgfsm.routing, .annotation, sample)",
                f -> f.startsWith("dev.tgfsm.routing.") || f.startsWith("dev.tgfsm.annotation.")
                        || f.startsWith("dev.tgfsm.sample."));
        THROUGH.put("middleware: garbage, timeouts, rate limit, transitions",
                f -> f.startsWith("dev.tgfsm.garbage.") || f.startsWith("dev.tgfsm.timeout.")
                        || f.startsWith("dev.tgfsm.ratelimit.") || f.startsWith("dev.tgfsm.transition.")
                        || f.startsWith("dev.tgfsm.conversation.ChatMigrationMiddleware")
                        || f.startsWith("dev.tgfsm.autoconfigure.timeout."));
        THROUGH.put("outbox (dev.tgfsm.outbox)", f -> f.startsWith("dev.tgfsm.outbox."));
        THROUGH.put("update scope / director (dev.tgfsm.scope)", f -> f.startsWith("dev.tgfsm.scope."));
        THROUGH.put("Spring AOP / scoped proxies", f -> f.startsWith("org.springframework.aop.")
                || f.contains("$$SpringCGLIB$$") || f.startsWith("jdk.proxy"));
        THROUGH.put("logging, anywhere", f -> f.startsWith("ch.qos.logback.") || f.startsWith("org.slf4j.")
                || f.startsWith("org.apache.logging."));
        THROUGH.put("reflection (java.lang.reflect, jdk.internal.reflect)",
                f -> f.startsWith("java.lang.reflect.") || f.startsWith("jdk.internal.reflect."));
    }

    private JfrHotSpots() {
    }

    /**
     * Prints the summary of a recording.
     *
     * @param args the recording file, and optionally the number of updates it covers
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.out.println(analyze(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 0, Map.of(),
                Instant.MIN, Instant.MAX));
    }

    /**
     * Summarises a recording.
     *
     * @param file the {@code .jfr} file
     * @param updates the updates it covers, for per-update figures; 0 if unknown
     * @param threadCpuMillis CPU milliseconds each thread group used during the recording, as the kernel
     *        counts it (names as {@link ProcessSample#threadGroupTicksSince}); empty if unknown
     * @param from events that started earlier are left out
     * @param to events that started later are left out
     * @return Markdown
     * @throws IOException if the file cannot be read
     */
    static String analyze(Path file, int updates, Map<String, Double> threadCpuMillis, Instant from, Instant to)
            throws IOException {
        List<String[]> kept = new ArrayList<>();
        Map<String, Long> byComponent = new HashMap<>();
        Map<String, Long> through = new LinkedHashMap<>();
        Map<String, Long> topFrames = new HashMap<>();
        Map<String, Long> firstOwnFrames = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Map<String, Long>> byThreadFrames = new HashMap<>();
        Map<Long, long[]> threadAllocation = new HashMap<>();
        Map<Long, String> threadNames = new HashMap<>();
        Map<String, Long> allocationBySite = new HashMap<>();
        Map<String, Long> allocationByClass = new HashMap<>();
        long samples = 0;
        long truncated = 0;
        long allocated = 0;
        long gcs = 0;
        long gcNanos = 0;
        long longestGcNanos = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        truncated += stack.isTruncated() ? 1 : 0;
                        List<RecordedFrame> frames = stack.getFrames();
                        RecordedThread thread = event.getThread("sampledThread");
                        String threadGroup = thread == null || thread.getJavaName() == null ? "?"
                                : thread.getJavaName().replaceAll("[0-9]+", "#");
                        byThread.merge(threadGroup, 1L, Long::sum);
                        topFrames.merge(name(frames.get(0)), 1L, Long::sum);
                        String own = firstOwn(frames);
                        firstOwnFrames.merge(own == null ? "(JDK only) " + name(frames.get(0)) : own, 1L, Long::sum);
                        byComponent.merge(own == null ? "JDK only, thread " + threadGroup : component(own), 1L,
                                Long::sum);
                        byThreadFrames.computeIfAbsent(threadGroup, t -> new HashMap<>())
                                .merge(own == null ? "(JDK only) " + name(frames.get(0)) : own, 1L, Long::sum);
                        frames.stream().map(JfrHotSpots::name).filter(f -> !isJdk(f)).distinct()
                                .forEach(f -> inclusive.merge(f, 1L, Long::sum));
                        List<String> keys = new ArrayList<>();
                        keys.add(kernelName(
                                thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName()));
                        keys.add(own == null ? "JDK only, thread " + threadGroup : component(own));
                        for (Map.Entry<String, Predicate<String>> marker : THROUGH.entrySet()) {
                            if (frames.stream().anyMatch(f -> marker.getValue().test(name(f)))) {
                                through.merge(marker.getKey(), 1L, Long::sum);
                                keys.add(marker.getKey());
                            }
                        }
                        kept.add(keys.toArray(String[]::new));
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        allocated += weight;
                        RecordedStackTrace stack = event.getStackTrace();
                        String site = stack == null ? "?" : firstOwn(stack.getFrames());
                        allocationBySite.merge(site == null ? "(JDK only)" : site, weight, Long::sum);
                        allocationByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    }
                    case "jdk.ThreadAllocationStatistics" -> {
                        RecordedThread thread = event.getThread("thread");
                        if (thread != null) {
                            long bytes = event.getLong("allocated");
                            threadNames.put(thread.getId(), thread.getJavaName() == null ? "?"
                                    : thread.getJavaName().replaceAll("[0-9]+", "#"));
                            threadAllocation.merge(thread.getId(), new long[]{bytes, bytes},
                                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        long nanos = event.getDuration().toNanos();
                        gcNanos += nanos;
                        longestGcNanos = Math.max(longestGcNanos, nanos);
                    }
                    default -> {
                        // other events are not summarised
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT,
                "#### Flight recording: %d execution samples (%d with a truncated stack)%n%n",
                samples, truncated));
        if (!threadCpuMillis.isEmpty() && updates > 0) {
            md.append(cpuEstimate(kept, threadCpuMillis, updates));
        }
        md.append("CPU samples by the component of the first frame outside the JDK (self time by library):\n\n");
        table(md, byComponent, samples, 25);
        md.append("\nCPU samples whose stack passes through (inclusive; a sample counts in every row it matches):\n\n");
        table(md, through, samples, 100);
        md.append("\nTop methods by self samples (top frame):\n\n");
        table(md, topFrames, samples, 25);
        md.append("\nTop first frames outside the JDK (who called into the JDK code that ran):\n\n");
        table(md, firstOwnFrames, samples, 25);
        md.append("\nTop methods outside the JDK by inclusive samples (the method is anywhere on the stack):\n\n");
        table(md, inclusive, samples, 40);
        md.append("\nCPU samples by thread:\n\n");
        table(md, byThread, samples, 12);
        byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                .forEach(t -> {
                    md.append("\nThread `").append(t.getKey()).append("`, first frames outside the JDK:\n\n");
                    table(md, byThreadFrames.get(t.getKey()), t.getValue(), 12);
                });
        Map<String, Long> allocationByThread = new HashMap<>();
        threadAllocation.forEach((id, range) -> allocationByThread.merge(threadNames.get(id), range[1] - range[0],
                Long::sum));
        long threadAllocated = allocationByThread.values().stream().mapToLong(Long::longValue).sum();
        if (threadAllocated > 0) {
            md.append(String.format(Locale.ROOT, "%nAllocated by live threads (jdk.ThreadAllocationStatistics, first "
                    + "to last value in the recording): %.1f MiB%s.%n%n", threadAllocated / 1048576.0,
                    updates > 0
                            ? String.format(Locale.ROOT, ", %.1f KiB per update", threadAllocated / 1024.0 / updates)
                            : ""));
            table(md, allocationByThread, threadAllocated, 8);
        }
        md.append(String.format(Locale.ROOT, "%nAllocation (sampled estimate): %.1f MiB in total%s.%n%n",
                allocated / 1048576.0, updates > 0 ? String.format(Locale.ROOT, ", %.1f KiB per update",
                        allocated / 1024.0 / updates) : ""));
        md.append("Allocation by first frame outside the JDK:\n\n");
        table(md, allocationBySite, allocated, 15);
        md.append("\nAllocation by class:\n\n");
        table(md, allocationByClass, allocated, 10);
        md.append(String.format(Locale.ROOT, "%nGarbage collections: %d, %.1f ms in total, longest %.1f ms%s.%n", gcs,
                gcNanos / 1e6, longestGcNanos / 1e6, updates > 0 ? String.format(Locale.ROOT,
                        " (%.1f µs of collection per update)", gcNanos / 1e3 / updates) : ""));
        return md.toString();
    }

    /**
     * Execution samples count threads that are in Java code, also while they wait for a core: on a
     * busy machine they show wall time, not CPU. This spreads each thread group's measured CPU time
     * over what its samples were doing, and lists the threads that are never sampled (the JIT
     * compilers, the garbage collector, threads in native code) with their own time.
     */
    private static String cpuEstimate(List<String[]> samples, Map<String, Double> threadCpuMillis, int updates) {
        Map<String, Long> perThread = new HashMap<>();
        samples.forEach(keys -> perThread.merge(keys[0], 1L, Long::sum));
        Map<String, Double> byComponent = new HashMap<>();
        Map<String, Double> byMarker = new LinkedHashMap<>();
        THROUGH.keySet().forEach(k -> byMarker.put(k, 0.0));
        for (String[] keys : samples) {
            double weight = threadCpuMillis.getOrDefault(keys[0], 0.0) / perThread.get(keys[0]) / updates;
            byComponent.merge(keys[1], weight, Double::sum);
            for (int i = 2; i < keys.length; i++) {
                byMarker.merge(keys[i], weight, Double::sum);
            }
        }
        double total = threadCpuMillis.values().stream().mapToDouble(Double::doubleValue).sum() / updates;
        threadCpuMillis.forEach((thread, millis) -> {
            if (!perThread.containsKey(thread) && millis / updates >= 0.001) {
                byComponent.merge("not sampled: thread `" + thread + "`", millis / updates, Double::sum);
            }
        });
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Estimated bot CPU per update by component (%.3f ms per update measured "
                + "by thread in /proc; each thread's time spread over its samples' first frame outside the JDK):%n%n",
                total));
        md.append("| | ms per update | share |\n|---|---|---|\n");
        byComponent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(25)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f %% |%n",
                        e.getKey().startsWith("not sampled") ? e.getKey() : "`" + e.getKey() + "`", e.getValue(),
                        100 * e.getValue() / total)));
        md.append("\nEstimated bot CPU per update whose stack passes through (inclusive, weighted the same way):\n\n");
        md.append("| | ms per update | share |\n|---|---|---|\n");
        byMarker.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.3f | %.1f %% |%n", e.getKey(),
                        e.getValue(), 100 * e.getValue() / total)));
        md.append('\n');
        return md.toString();
    }

    /** A Java thread name as {@code /proc} groups it: cut to 15 characters, digit runs as {@code #}. */
    private static String kernelName(String javaName) {
        return javaName.substring(0, Math.min(15, javaName.length())).replaceAll("[0-9]+", "#").replaceAll("#+", "#");
    }

    private static void table(StringBuilder md, Map<String, Long> counts, long total, int limit) {
        md.append("| | share | count |\n|---|---|---|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f %% | %d |%n", e.getKey(),
                        100.0 * e.getValue() / Math.max(1, total), e.getValue())));
    }

    private static String firstOwn(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (!isJdk(name)) {
                return name;
            }
        }
        return null;
    }

    private static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.internal.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    private static String component(String frame) {
        for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
            if (frame.startsWith(c.getKey())) {
                return c.getValue();
            }
        }
        if (frame.startsWith("dev.tgfsm.")) {
            String rest = frame.substring("dev.tgfsm.".length());
            int dot = rest.indexOf('.');
            String pkg = rest.substring(0, Math.max(0, dot));
            return "tgfsm " + (pkg.isEmpty() || Character.isUpperCase(pkg.charAt(0)) ? "(root)" : pkg);
        }
        if (frame.contains("$$SpringCGLIB$$")) {
            return "Spring AOP / scoped proxies";
        }
        int dot = frame.indexOf('.', frame.indexOf('.') + 1);
        return dot < 0 ? frame : frame.substring(0, dot);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
