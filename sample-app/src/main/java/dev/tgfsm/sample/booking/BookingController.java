package dev.tgfsm.sample.booking;

import java.util.List;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.scope.Director;
import dev.tgfsm.transition.ForbiddenTransitionException;

/**
 * {@code /booking}: book hotel nights with buttons; {@code /booking_clear} clears only the booking
 * feature, and the profile from {@code /register} is still there afterwards.
 */
@BotController
public class BookingController {

    /** How to start booking. */
    public static final String HINT = "Send /booking to pick a hotel, /pay to pay, /booking_clear to forget the booking.";

    private final BookingState booking;

    private final ProfileState profile;

    /**
     * Creates the controller.
     *
     * @param booking the booking feature of the current update (update-scoped)
     * @param profile the profile feature of the current update (update-scoped)
     */
    public BookingController(BookingState booking, ProfileState profile) {
        this.booking = booking;
        this.profile = profile;
    }

    /**
     * Offers hotels.
     *
     * @param director the update
     * @return the offer
     */
    @OnCommand("booking")
    public SendMessage offer(Director director) {
        String current = booking.getAll().isEmpty() ? "No booking yet."
                : "Booked: " + booking.getValue("nights") + " night(s) at " + booking.getValue("hotel") + ".";
        director.state().setState(BookingStep.CHOOSING);
        return SendMessage.builder().chatId(director.chatId()).text(current + "\nPick a hotel:")
                .replyMarkup(new InlineKeyboardMarkup(List.of(
                        new InlineKeyboardRow(CallbackCodec.button("Grand", new HotelPick("Grand")),
                                CallbackCodec.button("Seaside", new HotelPick("Seaside"))))))
                .build();
    }

    /**
     * Books a night; the button's data comes back as the record it was built from.
     *
     * @param pick the hotel picked
     * @param director the update
     * @return the confirmation
     */
    @OnCallback(type = HotelPick.class)
    public String book(HotelPick pick, Director director) {
        int nights = booking.bookNight(pick.hotel());
        director.state().setState(BookingStep.BOOKED);
        return "Booked " + nights + " night(s) at " + pick.hotel() + ".";
    }

    /**
     * Pays the booking: allowed only once a night is booked ({@link BookingStep#TABLE}); otherwise
     * the transition is refused.
     *
     * @param director the update
     * @return the outcome
     */
    @OnCommand("pay")
    public String pay(Director director) {
        try {
            director.state().setState(BookingStep.PAID);
        }
        catch (ForbiddenTransitionException ex) {
            return "You cannot pay yet: book a night first (/booking).";
        }
        return "Paid. Thank you!";
    }

    /**
     * Clears the booking feature only.
     *
     * @return what is left
     */
    @OnCommand("booking_clear")
    public String clear(Director director) {
        booking.clear();
        director.state().setState((String) null);
        return "Booking cleared. Your profile is untouched: "
                + (profile.getAll().isEmpty() ? "(no profile yet, try /register)" : profile.getAll());
    }
}
