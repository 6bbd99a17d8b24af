package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Reads an {@link Answer} back from the plain map {@link Answer#toMap()} stored. */
final class StoredAnswers {

    private StoredAnswers() {
    }

    static Answer read(Object stored) {
        if (stored instanceof Answer answer) {
            return answer;
        }
        if (stored instanceof String text) {
            return new Answer.Text(text);
        }
        if (!(stored instanceof Map<?, ?> map) || !(map.get("kind") instanceof String kindName)) {
            throw new IllegalArgumentException("Not a stored answer: " + stored);
        }
        AnswerKind kind;
        try {
            kind = AnswerKind.valueOf(kindName.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Unknown answer kind '" + kindName + "' in " + stored, ex);
        }
        return switch (kind) {
            case TEXT -> new Answer.Text(string(map, "text"));
            case PHOTO ->
                new Answer.Photo(string(map, "fileId"), string(map, "fileUniqueId"), number(map, "width").intValue(),
                        number(map, "height").intValue(), optional(map, "caption"));
            case DOCUMENT, VIDEO, VOICE -> new Answer.File(kind, string(map, "fileId"), string(map, "fileUniqueId"),
                    optional(map, "fileName"), optional(map, "mimeType"), optional(map, "caption"));
            case CONTACT ->
                new Answer.Contact(string(map, "phoneNumber"), string(map, "firstName"), optional(map, "lastName"),
                        map.get("userId") instanceof Number n ? n.longValue() : null);
            case LOCATION ->
                new Answer.Location(number(map, "latitude").doubleValue(), number(map, "longitude").doubleValue());
            case POLL_ANSWER -> new Answer.PollAnswer(string(map, "pollId"), options(map.get("optionIds")));
        };
    }

    private static String string(Map<?, ?> map, String field) {
        if (map.get(field) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("Stored answer has no text field '" + field + "': " + map);
    }

    private static @Nullable String optional(Map<?, ?> map, String field) {
        return map.get(field) instanceof String s ? s : null;
    }

    private static Number number(Map<?, ?> map, String field) {
        if (map.get(field) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("Stored answer has no number field '" + field + "': " + map);
    }

    private static List<Integer> options(@Nullable Object raw) {
        List<Integer> options = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.forEach(o -> options.add(((Number) o).intValue()));
        }
        return options;
    }
}
