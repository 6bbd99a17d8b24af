package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.scope.Director;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.testing.Updates;

class PreferencesInjectionTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class, LanguageController.class);

    /** Sets the language through the injected preferences, reads it back through the Director. */
    @BotController
    static class LanguageController {

        private final Preferences preferences;

        private final Recorder recorder;

        LanguageController(Preferences preferences, Recorder recorder) {
            this.preferences = preferences;
            this.recorder = recorder;
        }

        @OnCommand("lang")
        public void lang(@CommandArgs String language, Director director) {
            if (!language.isBlank()) {
                preferences.set(Preferences.LANGUAGE, language);
            }
            recorder.add(
                    director.userId() + ": " + director.preferences().get(Preferences.LANGUAGE, String.class, "en"));
        }
    }

    @Test
    void preferencesAreAnUpdateScopedBeanAndOnTheDirector() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            dispatcher.submit(UPDATES.text(31, "/lang")).get(10, TimeUnit.SECONDS);
            dispatcher.submit(UPDATES.text(31, "/lang de")).get(10, TimeUnit.SECONDS);
            dispatcher.submit(UPDATES.text(32, "/lang")).get(10, TimeUnit.SECONDS);
            assertThat(context.getBean(Recorder.class).calls).containsExactly("31: en", "31: de", "32: en");
            assertThat(context.getBean(CountingFsmStorage.class)
                    .load(DataScope.USER.keyOf(StorageKey.of(CoreBeans.BOT, 31, 31))).data())
                    .isEqualTo(Map.of("language", "de"));
        });
    }
}
