package dev.tgfsm.sample.cleanup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.flow.Messenger;
import dev.tgfsm.garbage.GarbageTracker;

/**
 * Replaces the starter's flow messenger with one that tracks prompts with buttons for clean-up.
 */
@Configuration(proxyBeanMethods = false)
public class CleanupConfiguration {

    @Bean
    Messenger keyboardTrackingMessenger(ObjectProvider<TelegramClient> client,
            ObjectProvider<GarbageTracker> garbage) {
        return new KeyboardTrackingMessenger(client, garbage);
    }
}
