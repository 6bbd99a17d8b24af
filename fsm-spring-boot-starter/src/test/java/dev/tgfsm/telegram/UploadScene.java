package dev.tgfsm.telegram;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.annotation.BotScene;
import dev.tgfsm.annotation.Content;
import dev.tgfsm.annotation.Fallback;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnEnter;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.routing.ContentType;
import dev.tgfsm.scene.SceneNavigator;

/** A scene with one handler per kind of answer: photos, contacts, the Done button, and anything else. */
@BotScene("upload")
public class UploadScene {

    private final SceneNavigator scenes;

    UploadScene(SceneNavigator scenes) {
        this.scenes = scenes;
    }

    @OnEnter
    public String entered() {
        return "Send a photo, a contact, or press Done";
    }

    @OnMessage
    @Content(ContentType.PHOTO)
    public String photo(FsmContext context) {
        count(context);
        return "scene got a photo";
    }

    @OnMessage
    @Content(ContentType.CONTACT)
    public String contact(Message message, FsmContext context) {
        count(context);
        return "scene got contact " + message.getContact().getPhoneNumber();
    }

    @OnCallback(data = "done")
    public String done(UpdateContext update) throws Exception {
        Object answers = update.context().getData().get("answers");
        scenes.exit(update);
        return "scene done after " + answers + " answers";
    }

    @Fallback
    public String other() {
        return "This step takes a photo or a contact";
    }

    private static void count(FsmContext context) {
        context.updateData("answers", context.getData().get("answers") instanceof Integer n ? n + 1 : 1);
    }
}
