package dev.tgfsm.balancer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * The bot that runs behind the balancer in {@link BalancedWebhookIT} and {@link BalancedJdbcWebhookIT},
 * one separate JVM per instance: webhook intake, the storage its arguments name, and one
 * {@link CounterController}. {@code GET /health} answers 200
 * while the instance's storage answers and 503 during an outage, for the balancer's health check (a
 * production bot would point the check at Spring Boot Actuator's {@code /actuator/health}).
 */
@SpringBootApplication
public class CounterBot {

    /** The path of the health check. */
    public static final String HEALTH_PATH = "/health";

    @Bean
    RouterFunction<ServerResponse> counterBotHealth(UpdateDispatcher dispatcher) {
        return RouterFunctions.route().GET(HEALTH_PATH, request -> dispatcher.isStorageUnavailable()
                ? ServerResponse.status(503).body("storage unavailable") : ServerResponse.ok().body("up")).build();
    }

    /**
     * Starts one instance.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(CounterBot.class, args);
    }
}
