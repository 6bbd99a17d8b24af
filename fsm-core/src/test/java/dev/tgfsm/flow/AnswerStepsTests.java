package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.polls.SendPoll;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.polls.input.InputPollOption;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.SentPolls;
import dev.tgfsm.pipeline.Phase;
import dev.tgfsm.pipeline.UpdateMiddleware;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.wizard.Wizard;

/**
 * Wizard steps that take photos, contacts, locations, documents and poll votes, run by the real
 * {@link FlowEngine} on the in-memory store: each update is its own unit of work, so every value is
 * read back from the store between steps.
 */
class AnswerStepsTests {

    private static final long BOT = 9;

    private static final long USER = 78;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<Map<String, Object>> completed = new ArrayList<>();

    private UpdateDispatcher dispatcher;

    private Flow claim() {
        return Wizard.named("claim")
                .step("photo", s -> s.prompt("Send a photo of the damage.").accepts(Accepts.photo()))
                .step("phone", s -> s.prompt("How can we call you?").accepts(Accepts.contact("Share my phone number")))
                .step("place", s -> s.prompt("Where is it?").accepts(Accepts.location("Send my location")
                        .validatedBy((answer, values) -> ((Answer.Location) answer).latitude() > 50 ? Validation.ok()
                                : Validation.error("tgfsm.test.area", List.of(), "We only cover the north."))))
                .step("vote", s -> s.prompt("Rate us in the poll above.").accepts(Accepts.pollAnswer()))
                .step("note", s -> s.prompt("Any document or a note?").accepts(Accepts.document().orText())
                        .validate(Validators.minLength(3)))
                .onComplete((u, values) -> completed.add(values))
                .build();
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(Flow flow) {
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        FlowEngine engine = new FlowEngine(List.of(flow), new TelegramMessenger(), EscapeCommands.ofDefaults(),
                Map.of(),
                UnknownStatePolicy.RESET);
        UpdateHandler app = u -> {
            if (u.update().hasMessage() && "/claim".equals(u.update().getMessage().getText())) {
                engine.start(u, flow.name());
            }
        };
        UpdateMiddleware polls = (u, next) -> { // "/poll" sends a poll through the outbox, as Director.send does
            if (u.update().hasMessage() && "/poll".equals(u.update().getMessage().getText())) {
                u.transaction().outbox().send(SendPoll.builder().chatId(u.update().getMessage().getChatId())
                        .question("Rate us").options(List.of(InputPollOption.builder().text("1").build(),
                                InputPollOption.builder().text("5").build()))
                        .isAnonymous(false).build());
                return;
            }
            next.handle(u);
        };
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().middleware(Phase.BEFORE_FLOWS, polls).flows(engine::handle).handler(app)
                        .build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    private List<BotCall> send(Update update) throws Exception {
        int before = telegram.calls().size();
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size());
    }

    private String reply(Update update) throws Exception {
        return send(update).stream().map(BotCall::text).filter(t -> t != null).reduce((a, b) -> a + " | " + b)
                .orElse("");
    }

    private String reply(Map<String, Object> fields) throws Exception {
        return reply(updates.update(fields));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> markup(BotCall call) {
        return (Map<String, Object>) call.params().get("reply_markup");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> storedValues() {
        return (Map<String, Object>) ((Map<String, Object>) storage.getData(KEY).get("flow:claim")).get("values");
    }

    @Test
    void photoContactLocationVoteAndDocumentAreStoredAsPlainValuesAndReadBackTyped() throws Exception {
        start(claim());
        assertThat(reply(updates.text(USER, "/claim"))).isEqualTo("Send a photo of the damage.");

        List<BotCall> askPhone = send(updates.update(AnswerMessages.photo(USER)));
        assertThat(askPhone).singleElement().satisfies(call -> {
            assertThat(call.text()).isEqualTo("How can we call you?");
            assertThat(markup(call)).containsEntry("keyboard",
                    List.of(List.of(Map.of("text", "Share my phone number", "request_contact", true))));
        });
        assertThat(storedValues().get("photo")).as("stored as plain values, read back from the store")
                .isEqualTo(Map.of("kind", "photo", "fileId", "big", "fileUniqueId", "u-big", "width", 1280, "height",
                        960));

        List<BotCall> askPlace = send(updates.update(AnswerMessages.contact(USER, "+49301234567")));
        assertThat(askPlace).singleElement().satisfies(call -> assertThat(markup(call).get("keyboard"))
                .isEqualTo(List.of(List.of(Map.of("text", "Send my location", "request_location", true)))));

        List<BotCall> askVote = send(updates.update(AnswerMessages.location(USER, 52.52, 13.405)));
        assertThat(askVote).singleElement().satisfies(call -> {
            assertThat(call.text()).isEqualTo("Rate us in the poll above.");
            assertThat(markup(call)).as("the request_location keyboard is removed").containsEntry("remove_keyboard",
                    true);
        });
        String poll = sentPoll(send(updates.text(USER, "/poll")));
        assertThat(reply(AnswerMessages.pollAnswer(USER, poll, 4))).isEqualTo("Any document or a note?");
        assertThat(reply(AnswerMessages.document(USER, "invoice.pdf"))).isEmpty();

        assertThat(completed).hasSize(1);
        Map<String, Object> values = completed.get(0);
        assertThat(Answer.from(values.get("photo"), Answer.Photo.class).fileId()).isEqualTo("big");
        assertThat(Answer.from(values.get("phone"), Answer.Contact.class).phoneNumber()).isEqualTo("+49301234567");
        assertThat(Answer.from(values.get("place"), Answer.Location.class))
                .isEqualTo(new Answer.Location(52.52, 13.405));
        assertThat(Answer.from(values.get("vote"), Answer.PollAnswer.class).optionIds()).containsExactly(4);
        assertThat(Answer.from(values.get("note"), Answer.File.class).fileName()).isEqualTo("invoice.pdf");
        assertThat(storage.load(KEY).state()).isNull();
    }

    @Test
    void aWrongKindGetsAClearReplyAndCountsAsAnAttempt() throws Exception {
        start(claim());
        reply(updates.text(USER, "/claim"));
        assertThat(reply(updates.text(USER, "here it is")))
                .isEqualTo("Please send a photo.\n\nAttempt 1/3. Try again:");
        assertThat(reply(AnswerMessages.sticker(USER))).isEqualTo("Please send a photo.\n\nAttempt 2/3. Try again:");
        reply(AnswerMessages.photo(USER));

        List<BotCall> wrong = send(updates.update(AnswerMessages.photo(USER)));
        assertThat(wrong).singleElement().satisfies(call -> {
            assertThat(call.text())
                    .isEqualTo("Please share a contact (use the button below).\n\nAttempt 1/3. Try again:");
            assertThat(markup(call)).as("the request button is shown again").containsKey("keyboard");
        });
        reply(AnswerMessages.contact(USER, "+49301234567"));
        assertThat(reply(AnswerMessages.location(USER, 40.0, 3.7)))
                .isEqualTo("We only cover the north.\n\nAttempt 1/3. Try again:");
        assertThat(reply(AnswerMessages.location(USER, 41.0, 3.7)))
                .isEqualTo("We only cover the north.\n\nAttempt 2/3. Try again:");
        assertThat(reply(AnswerMessages.location(USER, 42.0, 3.7))).startsWith("Too many invalid attempts");
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(completed).isEmpty();
    }

    @Test
    void anEditedMessageIsNoAnswerAndNeverCountsAsAnAttempt() throws Exception {
        start(claim());
        reply(updates.text(USER, "/claim"));
        assertThat(reply(updates.text(USER, "soon"))).endsWith("Attempt 1/3. Try again:");
        for (int i = 0; i < 5; i++) {
            assertThat(reply(AnswerMessages.edited(AnswerMessages.photo(USER)))).isEmpty();
            assertThat(reply(updates.editedMessage(USER, "edited text"))).isEmpty();
        }
        assertThat(storage.getState(KEY)).isEqualTo("claim:photo");
        assertThat(reply(updates.text(USER, "still soon"))).as("the edits counted nothing")
                .isEqualTo("Please send a photo.\n\nAttempt 2/3. Try again:");
        assertThat(reply(AnswerMessages.photo(USER))).isEqualTo("How can we call you?");
    }

    @Test
    void aVoteInAnotherPollAtAStepThatTakesNoVotesIsIgnored() throws Exception {
        start(claim());
        reply(updates.text(USER, "/claim"));
        assertThat(reply(AnswerMessages.pollAnswer(USER, "old-poll", 1))).isEmpty();
        assertThat(reply(updates.text(USER, "x"))).endsWith("Attempt 1/3. Try again:");
    }

    @Test
    void aVoteInAPollSentBeforeTheStepOrInAnotherPollOnceTheStepsPollIsRecordedIsIgnoredAndCountsNoAttempt()
            throws Exception {
        toVoteStep();
        String early = sentPoll(send(updates.text(USER, "/poll")));
        reply(AnswerMessages.photo(USER));
        reply(AnswerMessages.contact(USER, "+1"));
        assertThat(reply(AnswerMessages.location(USER, 60, 10))).isEqualTo("Rate us in the poll above.");

        assertThat(reply(AnswerMessages.pollAnswer(USER, early, 1))).as("sent before the prompt").isEmpty();
        String current = sentPoll(send(updates.text(USER, "/poll")));
        assertThat(reply(AnswerMessages.pollAnswer(USER, "someone-elses-poll", 1)))
                .as("another poll, once the step's poll is recorded").isEmpty();
        assertThat(storage.getState(KEY)).isEqualTo("claim:vote");
        assertThat(reply(updates.text(USER, "five"))).as("the ignored votes counted nothing")
                .isEqualTo("Please answer the poll.\n\nAttempt 1/3. Try again:");
        assertThat(reply(AnswerMessages.pollAnswer(USER, current, 1))).isEqualTo("Any document or a note?");
        assertThat(storedValues().get("vote"))
                .isEqualTo(Map.of("kind", "poll_answer", "pollId", current, "optionIds", List.of(1)));
    }

    @Test
    void aVoteInAPollSentStraightThroughTheTelegramClientIsTaken() throws Exception {
        toVoteStep();
        String early = sentPoll(send(updates.text(USER, "/poll")));
        reply(AnswerMessages.photo(USER));
        reply(AnswerMessages.contact(USER, "+1"));
        reply(AnswerMessages.location(USER, 60, 10));
        Message direct = telegram.client().execute(rateUs()); // not through tgfsm: never recorded
        assertThat(reply(AnswerMessages.pollAnswer(USER, early, 1))).as("still: recorded before the prompt").isEmpty();
        assertThat(reply(AnswerMessages.pollAnswer(USER, direct.getPoll().getId(), 0)))
                .isEqualTo("Any document or a note?");
        assertThat(storedValues().get("vote"))
                .isEqualTo(Map.of("kind", "poll_answer", "pollId", direct.getPoll().getId(), "optionIds", List.of(0)));
    }

    @Test
    void aVoteInAPollWhoseDeliveryConfirmationDiedWithTheProcessIsTaken() throws Exception {
        toVoteStep();
        reply(AnswerMessages.photo(USER));
        reply(AnswerMessages.contact(USER, "+1"));
        reply(AnswerMessages.location(USER, 60, 10));
        String poll = sentPoll(send(updates.text(USER, "/poll")));
        assertThat(storage.load(KEY).meta()).as("delivered, the acknowledgement not stored yet")
                .containsKey(OutboxRelay.META).doesNotContainKey(SentPolls.META);
        dispatcher.close(); // the process dies before it stores the delivery's acknowledgement
        start(claim());
        assertThat(reply(AnswerMessages.pollAnswer(USER, poll, 1))).isEqualTo("Any document or a note?");
        assertThat(storedValues().get("vote"))
                .isEqualTo(Map.of("kind", "poll_answer", "pollId", poll, "optionIds", List.of(1)));
    }

    private void toVoteStep() throws Exception {
        start(claim());
        reply(updates.text(USER, "/claim"));
    }

    private static SendPoll rateUs() {
        return SendPoll.builder().chatId(USER).question("Rate us")
                .options(List.of(InputPollOption.builder().text("1").build(),
                        InputPollOption.builder().text("5").build()))
                .isAnonymous(false).build();
    }

    /** The id of the poll among the calls, as the Bot API gave it back. */
    @SuppressWarnings("unchecked")
    private static String sentPoll(List<BotCall> calls) {
        BotCall call = calls.stream().filter(c -> c.method().equals("sendpoll")).findFirst().orElseThrow();
        return (String) ((Map<String, Object>) ((Map<String, Object>) call.result()).get("poll")).get("id");
    }

    @Test
    void aStepThatTakesTextToValidatesItTheUsualWay() throws Exception {
        start(claim());
        reply(updates.text(USER, "/claim"));
        reply(AnswerMessages.photo(USER));
        reply(AnswerMessages.contact(USER, "+1"));
        reply(AnswerMessages.location(USER, 60, 10));
        reply(AnswerMessages.pollAnswer(USER, sentPoll(send(updates.text(USER, "/poll"))), 0));
        assertThat(reply(updates.text(USER, "ok")))
                .isEqualTo("Please enter at least 3 characters\n\nAttempt 1/3. Try again:");
        assertThat(reply(AnswerMessages.sticker(USER)))
                .isEqualTo("Please send text or a document.\n\nAttempt 2/3. Try again:");
        assertThat(reply(updates.text(USER, "fine, thanks"))).isEmpty();
        assertThat(completed).singleElement().satisfies(v -> assertThat(v.get("note")).isEqualTo("fine, thanks"));
    }

    @Test
    void aBranchingFlowAsksForADocumentAndEndsRemovingNoKeyboardItDidNotShow() throws Exception {
        Flow apply = Flow.builder("apply")
                .choose("start", "Apply with a CV?", Button.to("Yes", "cv"), Button.to("No", "bye"))
                .askFor("cv", "Send your CV as a document.", "cv", Accepts.document(), "thanks")
                .end("thanks", "Thanks, we got your CV.")
                .end("bye", "Maybe next time.")
                .maxAttempts(2)
                .build();
        start(apply);
        storage.setState(KEY, "apply:cv");
        assertThat(reply(AnswerMessages.photo(USER))).isEqualTo("Please send a document.\n\nAttempt 1/2. Try again:");
        List<BotCall> done = send(updates.update(AnswerMessages.document(USER, "cv.pdf")));
        assertThat(done).singleElement().satisfies(call -> {
            assertThat(call.text()).isEqualTo("Thanks, we got your CV.");
            assertThat(call.params()).doesNotContainKey("reply_markup");
        });
        assertThat(storage.load(KEY).state()).isNull();
    }
}
