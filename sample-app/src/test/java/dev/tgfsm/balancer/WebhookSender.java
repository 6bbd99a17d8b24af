package dev.tgfsm.balancer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgfsm.telegram.WebhookIntake;

/**
 * Posts updates to a webhook the way Telegram's Bot API server does. What is known of it comes from
 * the open-source server (tdlib/telegram-bot-api), assumed to behave as Telegram's own:
 * {@code Client.cpp} files every update under a <em>queue</em> id (the chat id for messages and
 * edited messages, the user id plus a constant for button presses, others for inline queries,
 * payments and member updates); {@code WebhookActor.cpp} posts the updates of one queue one at a
 * time, in order, and takes the next of that queue only after the previous was answered {@code 2xx}
 * ({@code on_update_ok}); a failed update (any other status, a refused or broken connection, no
 * answer in time) is posted again after the answer's {@code retry_after} or a growing back-off
 * ({@code on_update_error}), and its queue waits meanwhile while the other queues go on; at most
 * {@code max_connections} (default 40) requests are open at once.
 *
 * <p>This sender does the same with the queues it is given and {@code connections} threads. The wait
 * before a re-send is the answer's {@code Retry-After} when given, else a back-off from 50 ms doubling
 * to 1 s (Telegram's grows to a minute or two; shortened here so the test stays short).
 */
final class WebhookSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long FIRST_BACK_OFF_MILLIS = 50;

    private static final long MAX_BACK_OFF_MILLIS = 1000;

    private final URI url;

    private final String secret;

    private final int connections;

    private final Duration answerTimeout;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Creates a sender.
     *
     * @param url the webhook URL (the balancer's)
     * @param secret the secret token sent with every request
     * @param connections the most requests open at once
     * @param answerTimeout how long one request waits for its answer before it counts as failed
     */
    WebhookSender(URI url, String secret, int connections, Duration answerTimeout) {
        this.url = url;
        this.secret = secret;
        this.connections = connections;
        this.answerTimeout = answerTimeout;
    }

    /**
     * Posts every queue's updates until each was answered {@code 2xx}.
     *
     * @param queues the queues, each with its updates in order (Bot API JSON with {@code update_id})
     * @param timeout the longest the whole delivery may take
     * @param progress told after each update answered {@code 2xx}, with how many were answered so far
     * @return what it took
     * @throws AssertionError if not every update was answered {@code 2xx} in time
     */
    Delivery deliver(List<List<Map<String, Object>>> queues, Duration timeout, Progress progress) throws Exception {
        Delivery delivery = new Delivery();
        DelayQueue<Pending> ready = new DelayQueue<>();
        queues.stream().filter(q -> !q.isEmpty()).forEach(q -> ready.add(new Pending(q)));
        AtomicInteger open = new AtomicInteger(ready.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int i = 0; i < connections; i++) {
                running.add(workers.submit(() -> {
                    while (open.get() > 0 && System.nanoTime() < deadline) {
                        Pending queue = ready.poll(50, TimeUnit.MILLISECONDS);
                        if (queue == null) {
                            continue;
                        }
                        if (post(queue.head(), delivery, queue)) {
                            int answered = delivery.answered.incrementAndGet();
                            if (queue.advance()) {
                                ready.add(queue);
                            }
                            else {
                                open.decrementAndGet();
                            }
                            progress.answered(answered);
                        }
                        else {
                            ready.add(queue);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        }
        finally {
            workers.shutdownNow();
        }
        delivery.took = Duration.ofNanos(System.nanoTime() - start);
        if (open.get() > 0) {
            throw new AssertionError(open.get() + " queue(s) not delivered within " + timeout + "; " + delivery);
        }
        return delivery;
    }

    /** Posts one update; {@code true} if answered 2xx, else the queue is scheduled for a re-send. */
    private boolean post(Map<String, Object> update, Delivery delivery, Pending queue) throws Exception {
        int id = ((Number) update.get("update_id")).intValue();
        delivery.posts.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(answerTimeout)
                .header(WebhookIntake.SECRET_HEADER, secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(update))).build();
        String failure;
        long retryAfterMillis = -1;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                delivery.okPerUpdate.merge(id, 1, Integer::sum);
                return true;
            }
            failure = "HTTP " + response.statusCode() + " " + response.body().strip();
            retryAfterMillis = response.headers().firstValue("Retry-After").map(s -> Long.parseLong(s) * 1000)
                    .orElse(-1L);
        }
        catch (IOException ex) {
            failure = ex.getClass().getSimpleName();
        }
        delivery.retries.merge(failure, 1, Integer::sum);
        queue.failed(retryAfterMillis);
        return false;
    }

    /** Told as updates are answered. */
    @FunctionalInterface
    interface Progress {

        /**
         * One more update was answered {@code 2xx}.
         *
         * @param answered how many have been so far
         */
        void answered(int answered) throws Exception;
    }

    /** What one delivery took: requests, re-sends by reason, the 2xx answers per update, time. */
    static final class Delivery {

        private final AtomicInteger posts = new AtomicInteger();

        private final AtomicInteger answered = new AtomicInteger();

        private final Map<String, Integer> retries = new ConcurrentHashMap<>();

        private final Map<Integer, Integer> okPerUpdate = new ConcurrentHashMap<>();

        private volatile Duration took;

        /** @return the requests posted, re-sends included */
        int posts() {
            return posts.get();
        }

        /** @return the re-sends by reason (status and body, or the connection error) */
        Map<String, Integer> retries() {
            return new TreeMap<>(retries);
        }

        /** @return how many re-sends in all */
        int retryCount() {
            return retries.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** @return the number of 2xx answers each update got */
        Map<Integer, Integer> okPerUpdate() {
            return Map.copyOf(okPerUpdate);
        }

        /** @return how long the delivery took */
        Duration took() {
            return took;
        }

        /** @return updates answered 2xx per second */
        double perSecond() {
            return answered.get() / (took.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return "%d updates answered 2xx in %d ms (%.0f/s), %d requests, %d re-sends %s".formatted(answered.get(),
                    took == null ? -1 : took.toMillis(), took == null ? 0.0 : perSecond(), posts.get(), retryCount(),
                    retries());
        }
    }

    /** One queue: its updates, the next to post, and when it may be posted. */
    private static final class Pending implements Delayed {

        private final List<Map<String, Object>> updates;

        private int next;

        private long backOffMillis;

        private volatile long wakeAt = System.nanoTime();

        Pending(List<Map<String, Object>> updates) {
            this.updates = updates;
        }

        Map<String, Object> head() {
            return updates.get(next);
        }

        /** Moves to the next update; {@code false} when the queue is done. */
        boolean advance() {
            backOffMillis = 0;
            wakeAt = System.nanoTime();
            return ++next < updates.size();
        }

        void failed(long retryAfterMillis) {
            backOffMillis = backOffMillis == 0 ? FIRST_BACK_OFF_MILLIS
                    : Math.min(MAX_BACK_OFF_MILLIS, backOffMillis * 2);
            long wait = retryAfterMillis >= 0 ? retryAfterMillis : backOffMillis;
            wakeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(wakeAt - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(wakeAt, ((Pending) other).wakeAt);
        }
    }
}
