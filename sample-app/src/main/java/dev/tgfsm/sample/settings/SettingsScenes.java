package dev.tgfsm.sample.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.scope.Director;

/**
 * The settings menu as scenes: {@code settings} leads to {@code settings.language} and
 * {@code settings.notifications}; {@code /back} returns level by level. Choices are stored as
 * {@link Preferences} (the user's data across chats, no idle expiry), so going back, {@code /cancel} and
 * {@code /reset} never undo them; the language also localises every text tgfsm shows (escape replies,
 * validation errors, notices).
 */
@Configuration(proxyBeanMethods = false)
public class SettingsScenes {

    /** The languages offered, by tag. */
    static final Map<String, String> LANGUAGES = Map.of("en", "English", "de", "Deutsch", "es", "Español");

    /**
     * The sample's preferences, read as one typed record.
     *
     * @param language the language tag, or {@code null}
     * @param notifications {@code on} or {@code off}, or {@code null}
     */
    public record SamplePreferences(String language, String notifications) {
    }

    /**
     * The top level of the menu.
     *
     * @param director the current update's director
     * @param scenes the scene operations (looked up lazily)
     * @return the scene
     */
    @Bean
    Scene settingsScene(Director director, ObjectProvider<SceneNavigator> scenes) {
        return Scene.of("settings", u -> {
            String data = callbackData(u, director);
            if ("open:language".equals(data)) {
                scenes.getObject().goTo(u, "settings.language", Map.of());
            }
            else if ("open:notifications".equals(data)) {
                scenes.getObject().goTo(u, "settings.notifications", Map.of());
            }
            else if ("close".equals(data)) {
                scenes.getObject().exit(u);
                director.reply("Settings closed.");
            }
            else {
                director.reply("Use the buttons, /back or /cancel.");
            }
        }).withOnEnter((u, s) -> menu(director, "Settings", "open:language", "Language", "open:notifications",
                "Notifications", "close", "Close"));
    }

    /**
     * The language level.
     *
     * @param director the current update's director
     * @param scenes the scene operations
     * @return the scene
     */
    @Bean
    Scene languageScene(Director director, ObjectProvider<SceneNavigator> scenes) {
        return Scene.of("settings.language", u -> choose(u, director, Preferences.LANGUAGE))
                .withOnEnter((u, s) -> menu(director, "Language (now: " + LANGUAGES.getOrDefault(
                        Objects.requireNonNullElse(typed(director).language(), "en"), "English") + ")",
                        "language:en", "English", "language:de", "Deutsch", "language:es", "Español"));
    }

    /**
     * The notifications level.
     *
     * @param director the current update's director
     * @param scenes the scene operations
     * @return the scene
     */
    @Bean
    Scene notificationsScene(Director director, ObjectProvider<SceneNavigator> scenes) {
        return Scene.of("settings.notifications", u -> choose(u, director, "notifications"))
                .withOnEnter((u, s) -> menu(director, "Notifications (now: "
                        + Objects.requireNonNullElse(typed(director).notifications(), "on") + ")",
                        "notifications:on", "On", "notifications:off", "Off"));
    }

    private static void choose(UpdateContext u, Director director, String name) {
        String data = callbackData(u, director);
        if (data != null && data.startsWith(name + ":")) {
            String value = data.substring(name.length() + 1);
            director.preferences().set(name, value);
            director.reply(name + " set to " + LANGUAGES.getOrDefault(value, value) + ". /back to return.");
        }
        else {
            director.reply("Use the buttons, /back or /cancel.");
        }
    }

    private static String callbackData(UpdateContext u, Director director) {
        if (u.update().getCallbackQuery() == null) {
            return null;
        }
        director.send(AnswerCallbackQuery.builder().callbackQueryId(u.update().getCallbackQuery().getId()).build());
        return u.update().getCallbackQuery().getData();
    }

    private static SamplePreferences typed(Director director) {
        return director.preferences().as(SamplePreferences.class);
    }

    private static void menu(Director director, String title, String... dataAndLabels) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (int i = 0; i < dataAndLabels.length; i += 2) {
            rows.add(new InlineKeyboardRow(InlineKeyboardButton.builder().text(dataAndLabels[i + 1])
                    .callbackData(dataAndLabels[i]).build()));
        }
        director.send(SendMessage.builder().chatId(director.chatId()).text(title)
                .replyMarkup(new InlineKeyboardMarkup(rows)).build());
    }
}
