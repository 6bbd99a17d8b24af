package dev.tgfsm.bench.e2e;

import java.util.List;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The traffic of one measured round: every user opens the menu, starts the order wizard from its
 * button, picks a product, gives a quantity and an address, then does it again through
 * {@code /order} (10 updates, 8 of them in the middle of a flow). The steps are queued round-robin
 * over the users (step 1 of every user, then step 2, ...), the way a busy bot sees many chats at
 * once; a user's next step is queued before the bot answered the previous one, as with a fast
 * typist, and the bot's per-chat order keeps them in sequence.
 *
 * <p>A user sends 10 updates within one round (a few seconds): under the sample's rate limit of 20
 * per 10 s, so no update is throttled.
 */
final class Workload {

    /** One step of a user: a text message or the press of a button with its callback data. */
    private record Step(boolean callback, String value) {
    }

    /** The steps of one user, in order. */
    private static final List<Step> STEPS = List.of(
            new Step(false, "/start"),
            new Step(true, "menu:order"),
            new Step(true, "tgfsm:product:c1"),
            new Step(false, "12"),
            new Step(false, "5 Main Street, Oslo"),
            new Step(false, "/start"),
            new Step(false, "/order"),
            new Step(true, "tgfsm:product:c0"),
            new Step(false, "3"),
            new Step(false, "17 Harbour Road, Bergen"));

    /** The text of the reply that ends the wizard; each user gets it twice per round. */
    static final String ORDER_PLACED = "Order placed!";

    /** The start of the rate limit's notice; no user should get it. */
    static final String THROTTLED = "You are writing faster";

    private Workload() {
    }

    /**
     * Returns how many updates one user sends in a round.
     *
     * @return the number of steps
     */
    static int updatesPerUser() {
        return STEPS.size();
    }

    /**
     * Returns how many wizards one user completes in a round.
     *
     * @return the number of {@value #ORDER_PLACED} replies expected per user
     */
    static int ordersPerUser() {
        return 2;
    }

    /**
     * Queues one round.
     *
     * @param api the server the bot polls
     * @param firstUser the first user's id; the round uses {@code users} consecutive ids
     * @param users how many users
     * @return the id of the last update queued
     */
    static int enqueue(LocalBotApiServer api, long firstUser, int users) {
        int last = 0;
        for (Step step : STEPS) {
            for (long user = firstUser; user < firstUser + users; user++) {
                // the message id of a pressed button is not checked by the sample's flows
                last = step.callback() ? api.enqueueCallback(user, 1, step.value())
                        : api.enqueueMessage(user, step.value());
            }
        }
        return last;
    }
}
