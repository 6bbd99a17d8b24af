package dev.tgfsm.flow;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

/**
 * A user's answer at a flow's step, taken from a new message (or a poll vote) as a small value:
 * ids and coordinates, never TelegramBots objects, so that it is stored by any codec and read back
 * the same after a restart.
 *
 * <p>A step stores a non-text answer as {@link #toMap()}; {@link #from(Object)} reads it back, for
 * example in a completion callback: {@code Answer.from(values.get("photo"), Answer.Photo.class).fileId()}.
 * An edited message is never an answer.
 */
public sealed interface Answer {

    /**
     * Returns the kind of this answer.
     *
     * @return the kind
     */
    AnswerKind kind();

    /**
     * A text.
     *
     * @param text the text as sent
     */
    record Text(String text) implements Answer {

        /**
         * Checks the text.
         *
         * @param text the text, not {@code null}
         */
        public Text {
            Objects.requireNonNull(text, "text must not be null");
        }

        @Override
        public AnswerKind kind() {
            return AnswerKind.TEXT;
        }
    }

    /**
     * A photo: its largest size.
     *
     * @param fileId the id to send or download the photo with
     * @param fileUniqueId the id that stays the same across bots
     * @param width the width in pixels
     * @param height the height in pixels
     * @param caption the caption, or {@code null}
     */
    record Photo(String fileId, String fileUniqueId, int width, int height,
            @Nullable String caption) implements Answer {

        @Override
        public AnswerKind kind() {
            return AnswerKind.PHOTO;
        }
    }

    /**
     * A file: a document, a video or a voice message.
     *
     * @param kind {@link AnswerKind#DOCUMENT}, {@link AnswerKind#VIDEO} or {@link AnswerKind#VOICE}
     * @param fileId the id to send or download the file with
     * @param fileUniqueId the id that stays the same across bots
     * @param fileName the file's name, or {@code null}
     * @param mimeType the MIME type, or {@code null}
     * @param caption the caption, or {@code null}
     */
    record File(AnswerKind kind, String fileId, String fileUniqueId, @Nullable String fileName,
            @Nullable String mimeType,
            @Nullable String caption) implements Answer {
    }

    /**
     * A shared contact.
     *
     * @param phoneNumber the phone number as Telegram gives it
     * @param firstName the first name
     * @param lastName the last name, or {@code null}
     * @param userId the contact's Telegram user id, or {@code null} if it is not a Telegram user
     */
    record Contact(String phoneNumber, String firstName, @Nullable String lastName,
            @Nullable Long userId) implements Answer {

        @Override
        public AnswerKind kind() {
            return AnswerKind.CONTACT;
        }
    }

    /**
     * A shared location.
     *
     * @param latitude the latitude in degrees
     * @param longitude the longitude in degrees
     */
    record Location(double latitude, double longitude) implements Answer {

        @Override
        public AnswerKind kind() {
            return AnswerKind.LOCATION;
        }
    }

    /**
     * A vote in a poll the bot sent.
     *
     * @param pollId the poll
     * @param optionIds the chosen options, 0-based; empty when the vote was retracted
     */
    record PollAnswer(String pollId, List<Integer> optionIds) implements Answer {

        /**
         * Copies the options.
         *
         * @param pollId the poll
         * @param optionIds the chosen options; copied
         */
        public PollAnswer {
            optionIds = List.copyOf(optionIds);
        }

        @Override
        public AnswerKind kind() {
            return AnswerKind.POLL_ANSWER;
        }
    }

    /**
     * Takes the answer out of an update: a new message's content, or a poll vote. Edited messages,
     * button presses and everything else give {@code null}, as do messages of other kinds (stickers,
     * dice, …).
     *
     * @param update the update
     * @return the answer, or {@code null}
     */
    static @Nullable Answer of(Update update) {
        if (update.getPollAnswer() != null) {
            var vote = update.getPollAnswer();
            return new PollAnswer(vote.getPollId(), vote.getOptionIds() == null ? List.of() : vote.getOptionIds());
        }
        return update.getMessage() == null ? null : of(update.getMessage());
    }

    /**
     * Takes the answer out of a message.
     *
     * @param message the message
     * @return the answer, or {@code null} for a message of another kind
     */
    static @Nullable Answer of(Message message) {
        if (message.hasText()) {
            return new Text(message.getText());
        }
        if (message.hasPhoto() && !message.getPhoto().isEmpty()) {
            PhotoSize largest = message.getPhoto().stream()
                    .max(Comparator.comparingLong(p -> (long) nz(p.getWidth()) * nz(p.getHeight()))).orElseThrow();
            return new Photo(largest.getFileId(), largest.getFileUniqueId(), nz(largest.getWidth()),
                    nz(largest.getHeight()),
                    message.getCaption());
        }
        if (message.hasDocument()) {
            var d = message.getDocument();
            return new File(AnswerKind.DOCUMENT, d.getFileId(), d.getFileUniqueId(), d.getFileName(), d.getMimeType(),
                    message.getCaption());
        }
        if (message.hasVideo()) {
            var v = message.getVideo();
            return new File(AnswerKind.VIDEO, v.getFileId(), v.getFileUniqueId(), v.getFileName(), v.getMimeType(),
                    message.getCaption());
        }
        if (message.hasVoice()) {
            var v = message.getVoice();
            return new File(AnswerKind.VOICE, v.getFileId(), v.getFileUniqueId(), null, v.getMimeType(), null);
        }
        if (message.hasContact()) {
            var c = message.getContact();
            return new Contact(c.getPhoneNumber(), c.getFirstName(), c.getLastName(), c.getUserId());
        }
        if (message.hasLocation()) {
            var l = message.getLocation();
            return new Location(l.getLatitude(), l.getLongitude());
        }
        return null;
    }

    /**
     * Returns the answer as a map of plain values, as a step stores it: {@code kind} (lower case)
     * and the record's fields that are not {@code null}.
     *
     * @return a new map
     */
    default Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind().name().toLowerCase(Locale.ROOT));
        for (var component : getClass().getRecordComponents()) {
            if (component.getName().equals("kind")) {
                continue;
            }
            try {
                Object value = component.getAccessor().invoke(this);
                if (value != null) {
                    map.put(component.getName(), value);
                }
            }
            catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("Cannot read " + component.getName() + " of " + this, ex);
            }
        }
        return map;
    }

    /**
     * Reads a stored answer back: a value {@link #toMap()} wrote (as the codec gives it back), an
     * answer as it is, or a plain text.
     *
     * @param stored the stored value
     * @return the answer
     * @throws IllegalArgumentException if the value is no answer
     */
    static Answer from(Object stored) {
        return StoredAnswers.read(stored);
    }

    /**
     * Reads a stored answer of an expected type.
     *
     * @param <A> the type
     * @param stored the stored value
     * @param type for example {@code Answer.Contact.class}
     * @return the answer
     * @throws IllegalArgumentException if the value is no answer of that type
     */
    static <A extends Answer> A from(Object stored, Class<A> type) {
        Answer answer = from(stored);
        if (!type.isInstance(answer)) {
            throw new IllegalArgumentException(
                    "Expected " + type.getSimpleName() + " but the stored answer is " + answer);
        }
        return type.cast(answer);
    }

    private static int nz(@Nullable Integer value) {
        return value == null ? 0 : value;
    }
}
