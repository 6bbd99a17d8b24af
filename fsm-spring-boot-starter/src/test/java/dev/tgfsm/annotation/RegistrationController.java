package dev.tgfsm.annotation;

import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.scope.Director;

/**
 * A three-step registration flow plus callbacks, an idle handler and a fallback.
 */
@BotController(states = Reg.class)
public class RegistrationController {

    private final Recorder recorder;

    public RegistrationController(Recorder recorder) {
        this.recorder = recorder;
    }

    @OnCommand("start")
    public void start(@CommandArgs String args, FsmContext context) {
        recorder.add("start:" + args);
        context.setState(Reg.NAME);
    }

    @OnText(pattern = "(?<name>[A-Z][a-z]+)")
    @InState(value = Reg.class, names = "NAME")
    public void name(String name, Director director, HistoryManager history) {
        recorder.add("name:" + name + ":" + director.userId());
        history.snapshot();
        director.state().updateData("name", name);
        director.state().setState(Reg.EMAIL);
    }

    @OnText(pattern = "(\\w+)@(\\w+\\.\\w+)", state = "Reg:EMAIL")
    public void email(@Group(1) String user, @Group(2) String domain, FsmContext context) {
        recorder.add("email:" + user + " at " + domain);
        context.updateData("email", user + "@" + domain);
        context.setState(Reg.DONE);
    }

    @OnMessage
    @InState(Reg.class)
    public void invalid(@Text String text) {
        recorder.add("invalid:" + text);
    }

    @OnCommand(value = "cancel", priority = 1)
    public void cancel(FsmContext context) {
        recorder.add("cancel");
        context.clear();
    }

    @OnCallback(prefix = "book:")
    public void book(@CallbackData(afterPrefix = true) String hotel, CallbackQuery query, BookingState booking) {
        recorder.add("book:" + hotel + ":" + query.getFrom().getId());
        booking.modify(b -> new Booking(hotel, b == null ? 1 : b.nights() + 1));
    }

    @OnMessage(noState = true)
    public void idle(String text, long chatId) {
        recorder.add("idle:" + text + ":" + chatId);
    }

    @Fallback
    public void other(Update update) {
        recorder.add("fallback:" + update.getUpdateId());
    }
}
