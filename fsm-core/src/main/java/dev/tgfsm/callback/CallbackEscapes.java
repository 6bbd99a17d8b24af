package dev.tgfsm.callback;

/**
 * Escapes the separator in callback data values: {@code ':'} becomes {@code %3A}, {@code '%'}
 * becomes {@code %25}, and the empty string is written as a lone {@code %} (an empty value being
 * {@code null}). Unescaping is strict: any other use of {@code '%'} is an error.
 */
final class CallbackEscapes {

    private CallbackEscapes() {
    }

    static void escape(String value, StringBuilder out) {
        if (value.isEmpty()) {
            out.append('%');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':') {
                out.append("%3A");
            }
            else if (c == '%') {
                out.append("%25");
            }
            else {
                out.append(c);
            }
        }
    }

    /** Unescapes a non-empty raw value; throws IllegalArgumentException for a bad escape. */
    static String unescape(String raw) {
        if ("%".equals(raw)) {
            return "";
        }
        int percent = raw.indexOf('%');
        if (percent < 0) {
            return raw;
        }
        StringBuilder s = new StringBuilder(raw.length());
        s.append(raw, 0, percent);
        for (int i = percent; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                s.append(c);
                continue;
            }
            String code = i + 3 <= raw.length() ? raw.substring(i + 1, i + 3) : "";
            if ("3A".equalsIgnoreCase(code)) {
                s.append(':');
            }
            else if ("25".equals(code)) {
                s.append('%');
            }
            else {
                throw new IllegalArgumentException("bad escape at '" + raw.substring(i) + "' (only %3A and %25)");
            }
            i += 2;
        }
        return s.toString();
    }
}
