package dev.tgfsm.autoconfigure;

import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.tgfsm.feature.MigrationReport;

/**
 * Counts the records the migration job went through, as the counter {@value #NAME} with the tag
 * {@code outcome} ({@code upgraded}, {@code current}, {@code failed}), from the job's progress
 * reports.
 */
final class FeatureMigrationMeters implements Consumer<MigrationReport> {

    /** The counter's name. */
    static final String NAME = "tgfsm.migration.records";

    private final Counter upgraded;

    private final Counter current;

    private final Counter failed;

    private MigrationReport last = new MigrationReport(0, 0, 0, 0, false);

    FeatureMigrationMeters(MeterRegistry registry) {
        this.upgraded = counter(registry, "upgraded");
        this.current = counter(registry, "current");
        this.failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(NAME).description("Records the migration of versioned data went through")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public synchronized void accept(MigrationReport report) {
        if (report.scanned() < last.scanned()) {
            // a new run counts from zero
            last = new MigrationReport(0, 0, 0, 0, false);
        }
        upgraded.increment(report.upgraded() - last.upgraded());
        current.increment(report.current() - last.current());
        failed.increment(report.failed() - last.failed());
        last = report;
    }
}
