package dev.tgfsm.sample.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.Scenes;
import dev.tgfsm.scope.Director;

/**
 * The settings menu as scenes: {@code settings} leads to {@code settings.language} and
 * {@code settings.notifications}; {@code /back} returns level by level. Choices are stored as
 * preferences in their own destiny ({@code prefs}), so going back never undoes them.
 */
@Configuration(proxyBeanMethods = false)
public class SettingsScenes {

    /** The destiny that holds preferences. */
    public static final String PREFS = "prefs";

    /**
     * The top level of the menu.
     *
     * @param director the current update's director
     * @param scenes the scene operations (looked up lazily)
     * @return the scene
     */
    @Bean
    Scene settingsScene(Director director, ObjectProvider<Scenes> scenes) {
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
    Scene languageScene(Director director, ObjectProvider<Scenes> scenes) {
        return Scene.of("settings.language", u -> choose(u, director, scenes.getObject(), "lang"))
                .withOnEnter((u, s) -> menu(director, "Language (now: " + pref(director, "lang", "English") + ")",
                        "lang:English", "English", "lang:Deutsch", "Deutsch", "lang:Español", "Español"));
    }

    /**
     * The notifications level.
     *
     * @param director the current update's director
     * @param scenes the scene operations
     * @return the scene
     */
    @Bean
    Scene notificationsScene(Director director, ObjectProvider<Scenes> scenes) {
        return Scene.of("settings.notifications", u -> choose(u, director, scenes.getObject(), "notifications"))
                .withOnEnter((u, s) -> menu(director, "Notifications (now: " + pref(director, "notifications", "on") + ")",
                        "notifications:on", "On", "notifications:off", "Off"));
    }

    private static void choose(UpdateContext u, Director director, Scenes scenes, String name) throws Exception {
        String data = callbackData(u, director);
        if (data != null && data.startsWith(name + ":")) {
            String value = data.substring(name.length() + 1);
            director.state().destiny(PREFS).updateData(name, value);
            director.reply(name + " set to " + value + ". /back to return.");
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

    private static String pref(Director director, String name, String fallback) {
        Object value = director.state().destiny(PREFS).getValue(name);
        return value != null ? value.toString() : fallback;
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
