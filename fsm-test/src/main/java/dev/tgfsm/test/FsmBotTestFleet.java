package dev.tgfsm.test;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.telegram.BotWebhook;
import dev.tgfsm.telegram.FsmBots;
import dev.tgfsm.telegram.IntakeStatus;
import dev.tgfsm.telegram.LongPollingIntake;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The further bots of {@code tgfsm.bots} in a {@link FsmBotTest}: every bot sends through a recorder
 * of its own (the {@link FsmBots} registry is rebuilt with them), and the {@link BotFleet} keeps each
 * bot's dispatcher and timeouts but neither polls nor registers a webhook; {@link BotTester#bot} then
 * drives a bot's dispatcher directly.
 */
final class FsmBotTestFleet implements BeanPostProcessor {

    private final ObjectProvider<RecordingTelegramClient> defaultRecorder;

    private final ObjectProvider<BotProperties> properties;

    private final ObjectProvider<Clock> clock;

    /** Each further bot's recorder, by name. */
    private final Map<String, RecordingTelegramClient> recorders = new LinkedHashMap<>();

    FsmBotTestFleet(ObjectProvider<RecordingTelegramClient> defaultRecorder, ObjectProvider<BotProperties> properties,
            ObjectProvider<Clock> clock) {
        this.defaultRecorder = defaultRecorder;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof FsmBots bots) {
            return recording(bots);
        }
        if (bean instanceof BotFleet fleet) {
            return new BotFleet(fleet.members().stream().map((member) -> new BotFleet.Member(member.identity(),
                    new Offline(dispatcher(member.intake())), member.timeouts(), member.notices())).toList());
        }
        return bean;
    }

    /** Adds the further bots of a fleet to the default bot's tester. */
    void addTo(BotTester tester, BotFleet fleet) {
        for (BotFleet.Member member : fleet.members()) {
            String name = member.identity().name();
            RecordingTelegramClient recorder = recorders.get(name);
            if (recorder == null) {
                throw new IllegalStateException("Bot '" + name + "' has no recorder: its FsmBots registry was not "
                        + "built by tgfsm's auto-configuration");
            }
            tester.addBot(name, dispatcher(member.intake()), recorder, member.timeouts());
        }
    }

    /** The registry with the same bots, each sending through a recorder; the default bot through the kit's. */
    private FsmBots recording(FsmBots bots) {
        Map<BotIdentity, TelegramClient> clients = new LinkedHashMap<>();
        BotIdentity first = bots.bots().get(0);
        BotIdentity standard = IntakeStatus.DEFAULT_BOT.equals(first.name()) ? first
                : new BotIdentity(IntakeStatus.DEFAULT_BOT, defaultId(), properties.getObject().getUsername());
        clients.put(standard, defaultRecorder.getObject().client());
        for (BotIdentity bot : bots.bots()) {
            if (!bot.equals(standard)) {
                RecordingTelegramClient recorder = new RecordingTelegramClient(bot.id(), clock.getObject());
                recorders.put(bot.name(), recorder);
                clients.put(bot, recorder.client());
            }
        }
        return new FsmBots(clients);
    }

    /** The default bot's id when it has no token, as the default dispatcher has it. */
    private long defaultId() {
        Long id = properties.getObject().getId();
        return id != null ? id : 0L;
    }

    private static UpdateDispatcher dispatcher(SmartLifecycle intake) {
        if (intake instanceof Offline offline) {
            return offline.dispatcher;
        }
        if (intake instanceof LongPollingIntake polling) {
            return polling.dispatcher();
        }
        if (intake instanceof BotWebhook webhook) {
            return webhook.dispatcher();
        }
        throw new IllegalStateException("Unknown intake of a further bot: " + intake.getClass().getName());
    }

    /** An intake that fetches nothing: the tester hands the updates; stopping drains the dispatcher. */
    private static final class Offline implements SmartLifecycle {

        private final UpdateDispatcher dispatcher;

        private volatile boolean running;

        Offline(UpdateDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            dispatcher.shutdown();
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
