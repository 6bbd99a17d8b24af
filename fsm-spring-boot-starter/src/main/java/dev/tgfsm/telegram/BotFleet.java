package dev.tgfsm.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.context.SmartLifecycle;

import dev.tgfsm.autoconfigure.timeout.TimeoutLifecycle;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * The further bots of {@code tgfsm.bots} at run time: each one's intake (long polling, or its
 * {@link BotWebhook} when {@code tgfsm.bot.webhook.enabled=true}; either feeds the bot's own update
 * dispatcher and drains it when stopping), its timeout scheduler and its restart notice, all acting on
 * that bot's conversations only. Starts and stops them with the application, in the phase of the
 * default bot's long polling.
 */
public final class BotFleet implements SmartLifecycle {

    /**
     * One further bot's moving parts.
     *
     * @param identity the bot
     * @param intake its long polling ({@link LongPollingIntake}) or its webhook ({@link BotWebhook})
     * @param timeouts its timeout scheduler, or {@code null} when no state can time out
     * @param notices its restart notice, or {@code null} when off
     */
    public record Member(BotIdentity identity, SmartLifecycle intake, TimeoutScheduler timeouts,
            RestartNotifier notices) {

        /**
         * Creates a member.
         *
         * @param identity the bot
         * @param intake its long polling or its webhook
         * @param timeouts its timeout scheduler, or {@code null}
         * @param notices its restart notice, or {@code null}
         */
        public Member {
            Objects.requireNonNull(identity, "identity must not be null");
            Objects.requireNonNull(intake, "intake must not be null");
        }
    }

    private final List<Member> members;

    /** Each member's timeout scheduler and restart notice, in the order of the members. */
    private final List<TimeoutLifecycle> timeouts;

    private volatile boolean running;

    private Runnable usernames = () -> {
    };

    /**
     * Creates the fleet.
     *
     * @param members the further bots
     */
    public BotFleet(List<Member> members) {
        this.members = List.copyOf(Objects.requireNonNull(members, "members must not be null"));
        this.timeouts = this.members.stream()
                .map(member -> new TimeoutLifecycle(member.timeouts(), member.notices(), member.identity().name()))
                .toList();
    }

    /**
     * Sets the lookup of the usernames of bots configured without one, run when the fleet starts,
     * before its bots take updates.
     *
     * @param usernames the lookup (the starter's looks the usernames up with {@code getMe})
     */
    public void setUsernameLookup(Runnable usernames) {
        this.usernames = Objects.requireNonNull(usernames, "usernames must not be null");
    }

    /**
     * Returns the further bots.
     *
     * @return the members
     */
    public List<Member> members() {
        return members;
    }

    /**
     * Returns the further bots' long polling and webhook registrations, for health.
     *
     * @return the intakes
     */
    public List<BotIntake> intakes() {
        List<BotIntake> intakes = new ArrayList<>();
        for (Member member : members) {
            if (member.intake() instanceof BotIntake intake) {
                intakes.add(intake);
            }
            else if (member.intake() instanceof BotWebhook webhook && webhook.registration() != null) {
                intakes.add(webhook.registration());
            }
        }
        return intakes;
    }

    /**
     * Returns the further bots' webhooks, empty when they use long polling.
     *
     * @return the webhooks
     */
    public List<BotWebhook> webhooks() {
        return members.stream().map(Member::intake).filter(BotWebhook.class::isInstance).map(BotWebhook.class::cast)
                .toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        usernames.run();
        for (int i = 0; i < members.size(); i++) {
            timeouts.get(i).start();
            members.get(i).intake().start();
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (int i = 0; i < members.size(); i++) {
            members.get(i).intake().stop();
            timeouts.get(i).stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LongPollingIntake.PHASE;
    }
}
