package dev.tgfsm.sample.flows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.flow.FlowEngine;

/**
 * Asks for a rating {@value #DELAY_MINUTES} minutes after an order was placed: a scheduled job
 * starts the {@code feedback} flow for the user through {@link Conversations}, in the user's turn and
 * under the user's lock, so it never races a message the user is sending. A user who is busy in
 * another conversation then is asked a minute later. The requests wait in memory, at most one per
 * user: a user who orders again before being asked is asked once, about the latest order, so a busy
 * bot holds no more requests than it has users. A restart forgets those not yet asked.
 */
@Component
public class FeedbackRequests {

    /** How long after an order the user is asked, in minutes. */
    public static final long DELAY_MINUTES = 10;

    private static final Duration DELAY = Duration.ofMinutes(DELAY_MINUTES);

    private final Conversations conversations;

    private final ObjectProvider<FlowEngine> flows;

    private final Clock clock;

    /** The requests not yet asked, by user. */
    private final Map<Long, Request> due = new LinkedHashMap<>();

    /**
     * Creates the job.
     *
     * @param conversations drives the users' conversations
     * @param flows starts the feedback flow (looked up when used: the order flow needs this job)
     * @param clock tgfsm's clock
     */
    public FeedbackRequests(Conversations conversations, ObjectProvider<FlowEngine> flows,
            @Qualifier(FsmAutoConfiguration.CLOCK_BEAN_NAME) Clock clock) {
        this.conversations = conversations;
        this.flows = flows;
        this.clock = clock;
    }

    /**
     * Notes an order, to ask about it later (called after the order's commit); it replaces the
     * user's earlier order not yet asked about.
     *
     * @param user the user (a private chat)
     * @param product what was ordered
     * @param quantity how many
     */
    public synchronized void orderPlaced(long user, Object product, Object quantity) {
        due.put(user, new Request(user, Map.of("product", product, "quantity", quantity), clock.instant().plus(DELAY)));
    }

    /** Runs {@link #askDue()} every minute. */
    @Scheduled(fixedDelayString = "${sample.feedback.poll:1m}", initialDelayString = "${sample.feedback.poll:1m}")
    void poll() {
        askDue();
    }

    /**
     * Asks every user whose order is due and who is not in another conversation; the others are
     * asked again a minute later.
     *
     * @return the users asked, each with a future that completes with whether the flow started
     */
    public synchronized List<Asked> askDue() {
        Instant now = clock.instant();
        List<Request> ready = new ArrayList<>();
        due.values().removeIf(request -> !request.at().isAfter(now) && ready.add(request));
        List<Asked> asked = new ArrayList<>(ready.size());
        for (Request request : ready) {
            asked.add(new Asked(request.user(), conversations.of(request.user(), request.user()).run(conversation -> {
                if (conversation.context().getState() != null) {
                    return false;
                }
                flows.getObject().start(conversation, "feedback", request.order());
                return true;
            }).whenComplete((started, error) -> {
                if (!Boolean.TRUE.equals(started)) {
                    later(request);
                }
            })));
        }
        return asked;
    }

    /** Asks the busy user again in a minute, unless the user has ordered again since. */
    private synchronized void later(Request request) {
        due.putIfAbsent(request.user(),
                new Request(request.user(), request.order(), clock.instant().plus(Duration.ofMinutes(1))));
    }

    /**
     * A user the job asked.
     *
     * @param user the user
     * @param started completes after the commit with whether the feedback flow started ({@code false}:
     *        the user was busy and is asked again later)
     */
    public record Asked(long user, CompletableFuture<Boolean> started) {
    }

    /** An order to ask about, and from when. */
    private record Request(long user, Map<String, Object> order, Instant at) {
    }
}
