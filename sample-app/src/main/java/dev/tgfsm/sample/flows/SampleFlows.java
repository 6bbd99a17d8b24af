package dev.tgfsm.sample.flows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.annotation.BotFlow;
import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.flow.Accepts;
import dev.tgfsm.flow.Answer;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowNode;
import dev.tgfsm.flow.Prompt;
import dev.tgfsm.flow.Validation;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.sample.RatingController;
import dev.tgfsm.scope.Director;
import dev.tgfsm.wizard.Wizard;

/**
 * The sample's flows and wizards, declared as beans: the starter runs every {@link Flow} bean.
 */
@Configuration(proxyBeanMethods = false)
public class SampleFlows {

    /** Account ids the customer flow knows. */
    static final Set<String> ACCOUNTS = Set.of("1001", "1002", "4242");

    /**
     * {@code /register}: name, email (validated, with suggestions), confirmation with inline buttons.
     *
     * @return the flow
     */
    @Bean
    Flow register() {
        return Flow.builder("register")
                .ask("name", "What is your name?", "name", Validators.minLength(2).and(Validators.maxLength(40)),
                        "email")
                .ask("email", "Nice! What is your email?", "email", Validators.email(), "confirm")
                .node(new FlowNode.Choose("confirm",
                        values -> "Please confirm:\nName: " + values.get("name") + "\nEmail: " + values.get("email"),
                        List.of(Button.to("Confirm", "done"), Button.to("Edit", "name")), true, null))
                .end("done", "You are registered. Welcome aboard!")
                .maxAttempts(5)
                .help("Registration: tell me your name and email, then confirm. /back goes one step back.")
                .onComplete((update, values) -> new FeatureStateManager(update.context(), "profile")
                        .update(Map.of("name", values.get("name"), "email", values.get("email"))))
                .build();
    }

    /**
     * {@code /order}: product, quantity (1 to 100, stored as a number), address (at least 10
     * characters), then a summary.
     *
     * @param director the current update's director (an update-scoped proxy)
     * @param feedback asks for a rating later, once the order is committed
     * @return the wizard's flow
     */
    @Bean
    Flow order(Director director, FeedbackRequests feedback) {
        return Wizard.named("order")
                .step("product", s -> s.prompt("What product do you want to order?")
                        .choices(true, "Widget", "Gadget", "Gizmo"))
                .step("quantity", s -> s.prompt(v -> "How many " + v.get("product") + " do you want? (1-100)")
                        .validate(Validators.integer(1, 100)).transform(Integer::valueOf).maxAttempts(3))
                .step("address", s -> s.prompt("What is your delivery address?").validate(Validators.minLength(10)))
                .onComplete((update, values) -> {
                    director.reply("Order placed!\nProduct: " + values.get("product") + "\nQuantity: "
                            + values.get("quantity") + "\nAddress: " + values.get("address"));
                    long user = update.key().userId();
                    update.transaction().afterCommit(
                            () -> feedback.orderPlaced(user, values.get("product"), values.get("quantity")));
                })
                .build();
    }

    /**
     * The rating {@link FeedbackRequests} asks for some time after an order: 1 to 5.
     *
     * @param director the current update's director (an update-scoped proxy)
     * @return the wizard's flow
     */
    @Bean
    Flow feedback(Director director) {
        return Wizard.named("feedback")
                .step("rating", s -> s.prompt(v -> "How was your order of " + v.get("quantity") + " "
                        + v.get("product") + "? Rate it from 1 to 5.")
                        .validate(Validators.integer(1, 5)).transform(Integer::valueOf))
                .onComplete((update, values) -> director.reply("Thanks for rating us " + values.get("rating") + "/5!"))
                .build();
    }

    /**
     * {@code /report}: a photo of the problem, the user's phone number (a {@code request_contact}
     * button) and where it is (a {@code request_location} button, within the service area), then a
     * summary that also removes the location keyboard. Anything else at a step gets "Please send a
     * photo." and counts as an attempt. Declared with {@link BotFlow}, which also makes
     * {@code /report} start it: no handler method.
     *
     * @return the wizard's flow
     */
    @BotFlow(commands = "report")
    Flow report() {
        return Wizard.named("report")
                .step("photo", s -> s.prompt("Send a photo of the problem.").accepts(Accepts.photo()))
                .step("phone",
                        s -> s.prompt("How can we call you back?").accepts(Accepts.contact("Share my phone number")))
                .step("place", s -> s.prompt("Where is it?").accepts(Accepts.location("Send my location")
                        .validatedBy((answer, values) -> inServiceArea((Answer.Location) answer) ? Validation.ok()
                                : Validation.error("sample.report.area", List.of(),
                                        "Sorry, that is outside our service area."))))
                .done(values -> {
                    Answer.Photo photo = Answer.from(values.get("photo"), Answer.Photo.class);
                    Answer.Contact phone = Answer.from(values.get("phone"), Answer.Contact.class);
                    Answer.Location place = Answer.from(values.get("place"), Answer.Location.class);
                    return "Report filed: photo " + photo.width() + "x" + photo.height() + ", we will call "
                            + phone.phoneNumber() + " about " + place.latitude() + ", " + place.longitude();
                })
                .build();
    }

    /**
     * {@code /rate}: the vote in the poll {@code RatingController} sent (a step that takes a
     * {@code poll_answer}); anything typed instead gets "Please answer the poll."
     *
     * @return the wizard's flow
     */
    @Bean
    Flow rate() {
        return Wizard.named("rate")
                .step("vote", s -> s.prompt("Vote in the poll above.").accepts(Accepts.pollAnswer()))
                .done(values -> "Thanks for voting: " + RatingController.OPTIONS.get(
                        Answer.from(values.get("vote"), Answer.PollAnswer.class).optionIds().get(0)))
                .build();
    }

    /** Europe, roughly: the sample's service area. */
    private static boolean inServiceArea(Answer.Location place) {
        return place.latitude() > 35 && place.latitude() < 71 && place.longitude() > -25 && place.longitude() < 45;
    }

    /**
     * {@code /customer}: new customers give name and email; existing ones give an account id that is
     * looked up, leading to the account menu or a retry.
     *
     * @return the flow
     */
    @Bean
    Flow customer() {
        return Flow.builder("customer")
                .choose("start", "Are you a new or existing customer?",
                        Button.to("New Customer", "new_name"), Button.to("Existing Customer", "account"))
                .ask("new_name", "Welcome! Let's create your account. What is your name?", "name", null, "new_email")
                .ask("new_email", "What is your email?", "email", Validators.email(), "created")
                .end("created", "Your account is ready.")
                .ask("account", "Please enter your account ID:", "accountId", Validators.integer(1, 999_999), "verify")
                .compute("verify", v -> ACCOUNTS.contains(String.valueOf(v.get("accountId"))) ? "menu" : "not_found",
                        "menu", "not_found")
                .choose("not_found", "No account with that ID.", Button.to("Try again", "account"))
                .node(new FlowNode.Choose("menu", Prompt.of("What would you like to do?"), List.of(
                        Button.to("View Orders", "orders"), Button.to("Update Profile", "profile"),
                        Button.to("Support", "support")), true, null))
                .end("orders", "You have no open orders.")
                .end("profile", "Use /register to update your profile.")
                .end("support", "Our team will contact you soon.")
                .build();
    }

    /**
     * The delivery address, asked on its own; the {@code gift} flow calls it as a sub-flow.
     *
     * @return the flow
     */
    @Bean
    Flow delivery() {
        return Flow.builder("delivery")
                .ask("street", "Street and number?", "street", Validators.minLength(3), "city")
                .ask("city", "City?", "city", Validators.minLength(2), null)
                .build();
    }

    /**
     * {@code /gift}: who the gift is for, then the {@code delivery} sub-flow, whose values come back
     * under {@code address}. {@code /back} at its first question returns to the recipient;
     * {@code /cancel} inside it returns there too.
     *
     * @return the flow
     */
    @Bean
    Flow gift() {
        return Flow.builder("gift")
                .ask("recipient", "Who is the gift for?", "recipient", Validators.minLength(2), "address")
                .call("address", "delivery", "address", "done")
                .node(new FlowNode.End("done", values -> {
                    Map<?, ?> address = (Map<?, ?>) values.get("address");
                    return "A gift for " + values.get("recipient") + " goes to " + address.get("street") + ", "
                            + address.get("city") + ".";
                }))
                .build();
    }
}
