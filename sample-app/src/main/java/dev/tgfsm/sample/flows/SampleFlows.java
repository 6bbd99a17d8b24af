package dev.tgfsm.sample.flows;

import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowNode;
import dev.tgfsm.flow.Prompt;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.scope.Director;
import dev.tgfsm.wizard.Wizard;

/**
 * The flows of seed 001, declared as beans: the starter runs every {@link Flow} bean.
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
                .ask("name", "What is your name?", "name", Validators.minLength(2).and(Validators.maxLength(40)), "email")
                .ask("email", "Nice! What is your email?", "email", Validators.email(), "confirm")
                .node(new FlowNode.Choose("confirm",
                        values -> "Please confirm:\nName: " + values.get("name") + "\nEmail: " + values.get("email"),
                        java.util.List.of(Button.to("Confirm", "done"), Button.to("Edit", "name")), true, null))
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
     * @return the wizard's flow
     */
    @Bean
    Flow order(Director director) {
        return Wizard.named("order")
                .step("product", s -> s.prompt("What product do you want to order?")
                        .choices(true, "Widget", "Gadget", "Gizmo"))
                .step("quantity", s -> s.prompt(v -> "How many " + v.get("product") + " do you want? (1-100)")
                        .validate(Validators.integer(1, 100)).transform(Integer::valueOf).maxAttempts(3))
                .step("address", s -> s.prompt("What is your delivery address?").validate(Validators.minLength(10)))
                .onComplete((update, values) -> director.reply("Order placed!\nProduct: " + values.get("product")
                        + "\nQuantity: " + values.get("quantity") + "\nAddress: " + values.get("address")))
                .build();
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
                .node(new FlowNode.Choose("menu", Prompt.of("What would you like to do?"), java.util.List.of(
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
