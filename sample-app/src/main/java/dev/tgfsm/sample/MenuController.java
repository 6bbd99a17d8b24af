package dev.tgfsm.sample;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.CallbackData;
import dev.tgfsm.annotation.Fallback;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.garbage.GarbageTracker;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.sample.booking.BookingController;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.scope.Director;

/**
 * The main menu, {@code /help}, and the commands that start each flow.
 */
@BotController
public class MenuController {

    static final String HELP = """
            What I can do:
            /register - sign up (name, email, confirm)
            /order - order a product (wizard)
            /customer - new or existing customer (branching flow)
            /report - report a problem with a photo, your phone number and a location (non-text answers)
            /rate - vote in a poll (a wizard step that takes a poll answer)
            /gift - send a gift (a flow that calls the delivery address flow)
            /booking - book a hotel (feature data that survives other features); /pay once booked
            /settings - settings menu with back navigation (scenes); the language is a preference
            In any step: /back, /cancel, /help; /reset clears everything but preferences
            In a group I approve join requests, greet new members and show /rules; send me a photo and I'll say thanks.
            Old keyboards are cleaned up when you move on, and if you write too fast I ask you to slow down.
            A conversation left idle is warned after 12 minutes and ends after 15; after a restart of the bot
            you are told, and can continue where you left off.""";

    private final FlowEngine flows;

    private final SceneNavigator scenes;

    /** The tracker, looked up once rather than on every {@code /start}. */
    private final Supplier<GarbageTracker> garbage;

    /**
     * Creates the controller.
     *
     * @param flows starts flows and wizards
     * @param scenes enters scenes
     * @param garbage tracks the menu so that it is deleted once a flow or scene starts
     */
    public MenuController(FlowEngine flows, SceneNavigator scenes, ObjectProvider<GarbageTracker> garbage) {
        this.flows = flows;
        this.scenes = scenes;
        this.garbage = SingletonSupplier.of(garbage::getIfAvailable);
    }

    /**
     * Shows the main menu as a live message: the first {@code /start} sends it, later ones edit it
     * in place (or send a new one when it can no longer be edited). The menu is also tracked for
     * clean-up, so its keyboard is deleted once a flow or scene starts; the next {@code /start} then
     * finds it gone and sends a new one.
     *
     * @param director the update
     */
    @OnCommand("start")
    public void start(Director director) {
        SessionMetadata session = director.session();
        GarbageTracker tracker = garbage.get();
        String visits = session.messageCount() == 0 ? "" : " (" + session.messageCount() + " updates so far)";
        director.live("menu").show("Welcome to the tgfsm sample bot" + visits + "! Pick something to try:",
                new InlineKeyboardMarkup(List.of(
                        row("Register", "menu:register"), row("Order", "menu:order"),
                        row("Customer", "menu:customer"), row("Booking", "menu:booking"),
                        row("Settings", "menu:settings"))),
                tracker != null ? tracker.tracking(StorageKey.DEFAULT_DESTINY) : null);
    }

    /**
     * Opens a menu entry.
     *
     * @param entry the entry's name
     * @param director the update
     * @throws Exception from a scene's hooks
     */
    @OnCallback(prefix = "menu:")
    public void open(@CallbackData(afterPrefix = true) String entry, Director director) throws Exception {
        director.send(AnswerCallbackQuery.builder()
                .callbackQueryId(director.update().getCallbackQuery().getId()).build());
        switch (entry) {
            case "register", "order", "customer" -> flows.start(director.updateContext(), entry);
            case "booking" -> director.reply(BookingController.HINT);
            case "settings" -> scenes.enter(director.updateContext(), "settings", Map.of());
            default -> director.reply("Unknown menu entry.");
        }
    }

    /** Starts the registration flow. @param director the update */
    @OnCommand("register")
    public void register(Director director) {
        flows.start(director.updateContext(), "register");
    }

    /** Starts the order wizard. @param director the update */
    @OnCommand("order")
    public void order(Director director) {
        flows.start(director.updateContext(), "order");
    }

    /** Starts the gift flow, which calls the delivery flow. @param director the update */
    @OnCommand("gift")
    public void gift(Director director) {
        flows.start(director.updateContext(), "gift");
    }

    /** Starts the customer flow. @param director the update */
    @OnCommand("customer")
    public void customer(Director director) {
        flows.start(director.updateContext(), "customer");
    }

    /**
     * Opens the settings scene.
     *
     * @param director the update
     * @throws Exception from the scene's hooks
     */
    @OnCommand("settings")
    public void settings(Director director) throws Exception {
        scenes.enter(director.updateContext(), "settings", Map.of());
    }

    /**
     * Lists the commands.
     *
     * @return the help text
     */
    @OnCommand("help")
    public String help() {
        return HELP;
    }

    /**
     * Answers anything the bot does not understand.
     *
     * @return a hint
     */
    @Fallback
    public String fallback() {
        return "I didn't understand that. Send /help to see what I can do.";
    }

    private static InlineKeyboardRow row(String text, String data) {
        return new InlineKeyboardRow(InlineKeyboardButton.builder().text(text).callbackData(data).build());
    }
}
