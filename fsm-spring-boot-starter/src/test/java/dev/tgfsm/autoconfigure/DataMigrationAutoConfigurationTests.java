package dev.tgfsm.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.FeatureState;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.annotation.Text;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.feature.TypedFeatureState;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.readme.ReadmeSnippets;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @FeatureState} record whose component was renamed, in a real Spring context: a user who
 * was mid-flow when the new code was deployed continues, and a broken chain stops the start.
 */
class DataMigrationAutoConfigurationTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class,
                    FsmMigrationAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, ProfileState.class, ProfileController.class);

    /** Version 1, as the code before the deploy stored it. */
    record ProfileV1(String name) { }

    /** Version 2: {@code name} became {@code fullName}. */
    public record Profile(String fullName, Integer age) { }

    @FeatureState("profile")
    public static class ProfileState extends TypedFeatureState<Profile> {
        public ProfileState(FsmContext context) {
            super(context, "profile", Profile.class);
        }
    }

    /** The same feature as a handler parameter that is not a bean. */
    public static class ProfileView extends TypedFeatureState<Profile> {
        public ProfileView(FsmContext context) {
            super(context, "profile", Profile.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Telegram {
        @Bean
        RecordingTelegramClient recording() {
            return new RecordingTelegramClient(5, Clock.systemUTC());
        }

        @Bean
        TelegramClient telegramClient(RecordingTelegramClient recording) {
            return recording.client();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RenameName {
        @Bean
        DataMigration profileNameBecameFullName() {
            return DataMigration.renaming("profile", 1, "name", "fullName");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Gap {
        @Bean
        DataMigration profileOneToTwo() {
            return DataMigration.renaming("profile", 1, "name", "fullName");
        }

        @Bean
        DataMigration profileThreeToFour() {
            return DataMigration.renaming("profile", 3, "age", "years");
        }
    }

    @BotController
    static class ProfileController {
        private final ProfileState profile;

        ProfileController(ProfileState profile) {
            this.profile = profile;
        }

        @OnMessage
        public String age(FsmContext context, ProfileView view, @Text String text) {
            if (!"Profile:AGE".equals(context.getState())) {
                return "not asked";
            }
            String seen = view.get().fullName();
            Profile saved = profile.modify(p -> new Profile(p.fullName(), Integer.parseInt(text)));
            context.setState("Profile:DONE");
            return "Saved " + saved.fullName() + ", " + saved.age() + " (seen as " + seen + ")";
        }
    }

    @Test
    void aUserMidFlowWhenTheComponentWasRenamedContinuesAndTheCommitStoresTheNewForm() {
        runner.withUserConfiguration(RenameName.class).run(context -> {
            assertThat(context).hasNotFailed();
            StorageKey key = StorageKey.of(5, 41, 41);
            FsmContext before = context.getBean(FsmContexts.class).writeThrough(key);
            before.setState("Profile:AGE");
            new TypedFeatureState<>(before, "profile", ProfileV1.class).put(new ProfileV1("Ann Lee"));

            context.getBean(UpdateDispatcher.class).submit(UPDATES.text(41, "37")).get(10, TimeUnit.SECONDS);

            assertThat(context.getBean(RecordingTelegramClient.class).texts())
                    .containsExactly("Saved Ann Lee, 37 (seen as Ann Lee)");
            FsmContext after = context.getBean(FsmContexts.class).writeThrough(key);
            assertThat(after.getState()).isEqualTo("Profile:DONE");
            assertThat(after.getData()).containsOnly(Map.entry("draft:profile",
                    Map.of("fullName", "Ann Lee", "age", 37, DataMigrations.VERSION_ENTRY, 2)));
        });
    }

    @Test
    void withoutTheMigrationTheRenamedComponentIsLostAsBefore() {
        runner.run(context -> {
            assertThat(context.getBean(DataMigrations.class).currentVersion("profile")).isEqualTo(1);
            StorageKey key = StorageKey.of(5, 42, 42);
            FsmContext before = context.getBean(FsmContexts.class).writeThrough(key);
            before.setState("Profile:AGE");
            new TypedFeatureState<>(before, "profile", ProfileV1.class).put(new ProfileV1("Bo Chan"));

            context.getBean(UpdateDispatcher.class).submit(UPDATES.text(42, "20")).get(10, TimeUnit.SECONDS);

            assertThat(context.getBean(RecordingTelegramClient.class).texts())
                    .containsExactly("Saved null, 20 (seen as null)");
            assertThat((Map<Object, Object>) context.getBean(FsmContexts.class).writeThrough(key).getData().get("draft:profile"))
                    .doesNotContainKey(DataMigrations.VERSION_ENTRY).containsEntry("age", 20);
        });
    }

    @Test
    void theReadmesMigrationIsTheOneThisTestRuns() throws Exception {
        String source = Files.readString(Path.of("src", "test", "java", "dev", "tgfsm", "autoconfigure",
                "DataMigrationAutoConfigurationTests.java"));
        assertThat(ReadmeSnippets.normalized(source))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("feature-data-migration")));
    }

    @Test
    void aGapInTheChainFailsTheStartNamingTheMissingStep() {
        runner.withUserConfiguration(Gap.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof FsmConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isNotNull()
                    .hasMessageContaining("Feature 'profile' has no migration from version 2 to 3 but one from 3");
            assertThat(((FsmConfigurationException) failure).action())
                    .isEqualTo("add a DataMigration of 'profile' from version 2");
        });
    }
}
