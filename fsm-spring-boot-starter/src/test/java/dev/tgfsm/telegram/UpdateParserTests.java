package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * An update that cannot be read is reported with a reason that names the field and the kind of
 * error but never a value of the update, which may be a user's text (Jackson's own messages quote
 * it).
 */
class UpdateParserTests {

    private static final String SECRET = "PrivateUserText";

    private final UpdateParser parser = new UpdateParser();

    private final List<String> reasons = new ArrayList<>();

    UpdateParserTests() {
        parser.setListeners(List.of((id, reason) -> reasons.add(id + ": " + reason)));
    }

    @Test
    void aValueOfTheWrongTypeIsReportedByItsFieldWithoutTheValue() throws Exception {
        String body = "{\"update_id\":7,\"message\":{\"message_id\":\"" + SECRET + "\",\"date\":1,"
                + "\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"hi\"}}";

        assertThat(parse(7, body)).isNull();
        assertThat(parser.json().treeToValue(parser.json().readTree(body), Object.class)).isNotNull();
        assertThat(parser.parse(7, parser.json().readTree(body))).isNull();

        assertThat(reasons).hasSize(2).allSatisfy(reason -> assertThat(reason)
                .startsWith("7: InvalidFormatException (expected Integer) at message.message_id")
                .doesNotContain(SECRET));
    }

    @Test
    void brokenJsonIsReportedByWhereItBrokeWithoutTheText() {
        assertThat(parse(8, "{\"update_id\":8,\"message\":{\"text\":" + SECRET + "}}")).isNull();

        assertThat(reasons).singleElement().asString().isEqualTo("8: JsonMappingException at message");
    }

    @Test
    void aReadableUpdateIsReadAndNothingIsReported() {
        assertThat(parse(9, "{\"update_id\":9,\"message\":{\"message_id\":3,\"date\":1,"
                + "\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"hi\"}}").getMessage().getText())
                .isEqualTo("hi");
        assertThat(reasons).isEmpty();
    }

    private Update parse(int id, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(id, bytes, 0, bytes.length);
    }
}
