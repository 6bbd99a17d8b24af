package dev.tgfsm.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.timeout.TimeoutLifecycle;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.telegram.TestUpdates;

/**
 * One bot instance of {@link FloodControlAcrossJvmsIT} in its own JVM, as an operator runs it: the
 * whole Spring Boot application (auto-configuration, the Redis store, the outbox, outbound flood
 * control, restart notices, idle timeouts) with a handler that answers each message with one reply through
 * the outbox ({@code reply <update id>}) and leaves the conversation in state {@code replied} (in a
 * group: {@code group-replied}). Once started, its Bot API client warmed with a {@code getMe}, and done with its restart notices (so that the
 * conversations of the test's updates are never taken for ones active before the restart) it prints
 * {@code notices <count>} and {@code ready}, waits until the go file
 * exists (so that the instances begin together), hands its updates to its dispatcher, prints
 * {@code handled <count>} when all are committed, and runs until it is stopped ({@code SIGTERM}: a
 * graceful shutdown that sends what is still pending).
 *
 * <p>Arguments: the go file, the updates as {@code chat/user/update id} separated by commas (a
 * negative chat is a group), then the application's properties as {@code --name=value}.
 */
public final class FloodInstanceMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FloodInstanceMain() {
    }

    /**
     * Runs the instance until it is stopped.
     *
     * @param args see the class description
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        List<Update> updates = new ArrayList<>();
        for (String one : args[1].split(",")) {
            String[] p = one.split("/");
            updates.add(update(Long.parseLong(p[0]), Long.parseLong(p[1]), Integer.parseInt(p[2])));
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FloodInstance.class)
                .web(WebApplicationType.NONE).run(Arrays.copyOfRange(args, 2, args.length));
        UpdateDispatcher dispatcher = app.getBean(UpdateDispatcher.class);
        // the first call of a client is slow (connection, class loading): warm it, as a running bot's is,
        // so that the replies' arrival times follow their permits and not the cold start of this JVM
        app.getBean(TelegramClient.class).execute(new GetMe());
        int notices = 0;
        for (TimeoutLifecycle timeouts : app.getBeansOfType(TimeoutLifecycle.class).values()) {
            notices += timeouts.restartNotice().join();
        }
        say("notices " + notices);
        say("ready");
        while (!Files.exists(go)) {
            Thread.sleep(2);
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Update update : updates) {
            done.add(dispatcher.submit(update));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        say("handled " + updates.size());
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A text message from a user in a chat: a private chat, or a group for a negative chat id. */
    static Update update(long chat, long user, int updateId) throws Exception {
        Map<String, Object> json = TestUpdates.messageJson(updateId, user, "message " + updateId);
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) json.get("message");
        message.put("chat", Map.of("id", chat, "type", chat < 0 ? "group" : "private", "title", "flood"));
        return JSON.readValue(JSON.writeValueAsBytes(json), Update.class);
    }

    /**
     * The private chat every instance writes to: left in a state without an idle timeout, since its
     * updates wait behind its own flood-limited replies and may come more than a timeout apart, which
     * would rightly expire it in between (and again after the last).
     */
    static final long SHARED_CHAT = 42;

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The application: a handler that replies once to every message, through the outbox. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FloodInstance {

        @Bean
        UpdateHandler replyOnce() {
            return u -> {
                long chat = u.key().chatId();
                u.context().setState(chat < 0 ? "group-replied" : chat == SHARED_CHAT ? "shared-replied" : "replied");
                u.transaction().outbox().send(SendMessage.builder().chatId(u.key().chatId())
                        .text("reply " + u.update().getUpdateId()).build());
            };
        }
    }
}
