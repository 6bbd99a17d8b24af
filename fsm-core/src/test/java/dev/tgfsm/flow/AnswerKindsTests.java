package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

class AnswerKindsTests {

    private static final long USER = 31;

    private final Updates updates = new Updates(MutableClock.now());

    private final JacksonFsmCodec codec = new JacksonFsmCodec();

    private Answer of(Map<String, Object> fields) {
        Update update = updates.update(fields);
        return Answer.of(update);
    }

    @Test
    void eachKindIsTakenOutOfItsMessage() {
        assertThat(Answer.of(updates.text(USER, "hello"))).isEqualTo(new Answer.Text("hello"));
        assertThat(of(AnswerMessages.photo(USER))).isEqualTo(new Answer.Photo("big", "u-big", 1280, 960, null));
        assertThat(of(AnswerMessages.document(USER, "cv.pdf")))
                .isEqualTo(new Answer.File(AnswerKind.DOCUMENT, "doc-cv.pdf", "ud-cv.pdf", "cv.pdf", "application/pdf",
                        null));
        assertThat(of(AnswerMessages.contact(USER, "+49301234567")))
                .isEqualTo(new Answer.Contact("+49301234567", "Ann", null, USER));
        assertThat(of(AnswerMessages.location(USER, 52.52, 13.405))).isEqualTo(new Answer.Location(52.52, 13.405));
        assertThat(of(AnswerMessages.pollAnswer(USER, "p1", 0, 2)))
                .isEqualTo(new Answer.PollAnswer("p1", List.of(0, 2)));
    }

    @Test
    void editsStickersAndButtonPressesAreNoAnswers() {
        assertThat(of(AnswerMessages.edited(AnswerMessages.photo(USER)))).isNull();
        assertThat(of(AnswerMessages.sticker(USER))).isNull();
        assertThat(Answer.of(updates.callback(USER, "x"))).isNull();
    }

    @Test
    void everyKindSurvivesTheCodecAsPlainValues() {
        List<Answer> answers = List.of(new Answer.Text("hi"), new Answer.Photo("f", "u", 10, 20, "cap"),
                new Answer.File(AnswerKind.VOICE, "v", "uv", null, "audio/ogg", null),
                new Answer.Contact("+1 555", "Bo", "Lee", null), new Answer.Location(-33.87, 151.21),
                new Answer.PollAnswer("p", List.of(1)));
        for (Answer answer : answers) {
            String json = codec.encode(Map.of("value", answer.toMap()));
            Object decoded = codec.decode(json, "test").get("value");
            assertThat(decoded).as("%s", answer).isInstanceOf(Map.class);
            assertThat(Answer.from(decoded)).isEqualTo(answer);
        }
        assertThat(new Answer.Location(1.5, 2.5).toMap()).containsExactly(Map.entry("kind", "location"),
                Map.entry("latitude", 1.5), Map.entry("longitude", 2.5));
    }

    @Test
    void readingAStoredAnswerOfAnotherTypeSaysWhatItFound() {
        Map<String, Object> stored = new Answer.Location(1, 2).toMap();
        assertThat(Answer.from(stored, Answer.Location.class).latitude()).isEqualTo(1.0);
        assertThatIllegalArgumentException().isThrownBy(() -> Answer.from(stored, Answer.Photo.class))
                .withMessageContaining("Expected Photo").withMessageContaining("Location");
        assertThatIllegalArgumentException().isThrownBy(() -> Answer.from(Map.of("kind", "hologram")))
                .withMessageContaining("hologram");
    }

    @Test
    void aStepThatTakesOneKindSaysWhichAndOneThatTakesSeveralListsThem() {
        Validation photo = AnswerKind.mismatch(Accepts.photo().kinds());
        assertThat(photo.error()).isEqualTo("Please send a photo.");
        assertThat(photo.code()).isEqualTo("tgfsm.answer.expected.photo");
        assertThat(AnswerKind.mismatch(Accepts.text().kinds()).error()).isEqualTo("Please answer with text.");
        Validation several = AnswerKind.mismatch(Accepts.of(AnswerKind.DOCUMENT, AnswerKind.PHOTO).orText().kinds());
        assertThat(several.error()).isEqualTo("Please send text or a photo or a document.");
        assertThat(several.code()).isEqualTo("tgfsm.answer.expected");
        assertThat(several.args()).containsExactly("text or a photo or a document");
    }
}
