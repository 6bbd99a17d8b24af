package dev.tgfsm.garbage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * A tiny HTTP server on a random loopback port that speaks enough of the Telegram Bot API for
 * sending and deleting: it answers {@code POST /bot<token>/<method>} (method names in any case),
 * records every request's method and JSON parameters, answers {@code send*} with a fresh message (dated by
 * the given clock) and
 * everything else with {@code true}. Requests with another token get a 401 like Telegram's.
 */
final class LocalBotApiServer implements AutoCloseable {

    /** One request as received. */
    record Request(String method, Map<String, Object> params) {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ObjectMapper mapper = new ObjectMapper();

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final AtomicInteger messageIds = new AtomicInteger(5000);

    private final String token;

    private final Clock clock;

    private final HttpServer server;

    LocalBotApiServer(String token, Clock clock) throws IOException {
        this.token = token;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    TelegramUrl url() {
        return new TelegramUrl("http", "127.0.0.1", server.getAddress().getPort(), false);
    }

    List<Request> requests(String method) {
        return requests.stream().filter(r -> r.method().equalsIgnoreCase(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                reply(exchange, 401, Map.of("ok", false, "error_code", 401, "description", "Unauthorized"));
                return;
            }
            String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
            Map<String, Object> params;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                params = body.length == 0 ? Map.of() : mapper.readValue(body, MAP);
            }
            requests.add(new Request(method, params));
            Object result = true;
            if (method.startsWith("send")) {
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("message_id", messageIds.incrementAndGet());
                message.put("date", clock.instant().getEpochSecond());
                message.put("chat", Map.of("id", Long.parseLong(String.valueOf(params.get("chat_id"))), "type", "private"));
                message.put("text", params.get("text"));
                result = message;
            }
            reply(exchange, 200, Map.of("ok", true, "result", result));
        }
    }

    private void reply(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = mapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
