package dev.tgfsm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * Reads the parameters of a Bot API request as {@link LocalBotApiServer} receives them: from the
 * query string and a JSON, form or multipart body (an uploaded file is kept as text, under its part name).
 */
final class BotApiParams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern MULTIPART_NAME = Pattern.compile("name=\"([^\"]*)\"");

    private BotApiParams() {
    }

    /** The request's parameters, in the order given. */
    static Map<String, Object> of(HttpExchange exchange) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            params.putAll(form(query));
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length > 0) {
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                    .toLowerCase(Locale.ROOT);
            String text = new String(body, StandardCharsets.UTF_8);
            if (type.contains("json") || text.startsWith("{")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> json = JSON.readValue(text, Map.class);
                params.putAll(json);
            }
            else if (type.contains("x-www-form-urlencoded")) {
                params.putAll(form(text));
            }
            else if (type.contains("multipart/form-data") && type.contains("boundary=")) {
                params.putAll(multipart(text, exchange.getRequestHeaders().getFirst("Content-Type")));
            }
            else {
                params.put("_body", text);
            }
        }
        return params;
    }

    private static Map<String, Object> form(String encoded) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    /** The parts of a multipart body (files are uploaded this way), each as text under its name. */
    private static Map<String, Object> multipart(String body, String contentType) {
        String boundary = contentType.substring(contentType.toLowerCase(Locale.ROOT).indexOf("boundary=") + 9)
                .replace("\"", "").split(";")[0].trim();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String part : body.split("--" + Pattern.quote(boundary))) {
            int blank = part.indexOf("\r\n\r\n");
            Matcher name = MULTIPART_NAME.matcher(part);
            if (blank < 0 || !name.find() || name.start() > blank) {
                continue;
            }
            String value = part.substring(blank + 4);
            values.put(name.group(1), value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value);
        }
        return values;
    }
}
