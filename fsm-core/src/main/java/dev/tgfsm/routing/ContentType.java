package dev.tgfsm.routing;

import java.util.function.Predicate;

import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What a message carries, for {@link RouteBuilder#content(ContentType...)}: as aiogram's
 * {@code F.photo}, {@code F.contact}, python-telegram-bot's {@code filters.PHOTO}. A message can be
 * of several types at once (a venue is also a location, a photo with a caption is not a text).
 */
public enum ContentType {

    /** Text, a command included (not a caption). */
    TEXT(Message::hasText),

    /** A photo. */
    PHOTO(Message::hasPhoto),

    /** A file sent as a document. */
    DOCUMENT(Message::hasDocument),

    /** An audio file. */
    AUDIO(Message::hasAudio),

    /** A video. */
    VIDEO(Message::hasVideo),

    /** A round video note. */
    VIDEO_NOTE(Message::hasVideoNote),

    /** A voice message. */
    VOICE(Message::hasVoice),

    /** An animation (a GIF); Telegram also fills {@code document} for it. */
    ANIMATION(Message::hasAnimation),

    /** A sticker. */
    STICKER(Message::hasSticker),

    /** A shared contact, such as one sent with a {@code request_contact} button. */
    CONTACT(Message::hasContact),

    /** A location, a venue's included; such as one sent with a {@code request_location} button. */
    LOCATION(Message::hasLocation),

    /** A venue. */
    VENUE(m -> m.getVenue() != null),

    /** A poll. */
    POLL(Message::hasPoll),

    /** A dice. */
    DICE(Message::hasDice),

    /** An invoice. */
    INVOICE(Message::hasInvoice),

    /** A successful payment (see also {@link UpdateKind#SUCCESSFUL_PAYMENT}). */
    SUCCESSFUL_PAYMENT(Message::hasSuccessfulPayment),

    /** Members joined the chat. */
    NEW_CHAT_MEMBERS(m -> m.getNewChatMembers() != null && !m.getNewChatMembers().isEmpty()),

    /** A member left the chat. */
    LEFT_CHAT_MEMBER(m -> m.getLeftChatMember() != null),

    /** Data sent from a Web App. */
    WEB_APP_DATA(Message::hasWebAppData);

    private final Predicate<Message> test;

    ContentType(Predicate<Message> test) {
        this.test = test;
    }

    /**
     * Tells whether a message carries this type of content.
     *
     * @param message the message
     * @return {@code true} if it does
     */
    public boolean test(Message message) {
        return message != null && test.test(message);
    }
}
