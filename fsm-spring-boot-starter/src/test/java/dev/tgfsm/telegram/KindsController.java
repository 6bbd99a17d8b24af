package dev.tgfsm.telegram;

import java.util.List;

import org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery;
import org.telegram.telegrambots.meta.api.methods.AnswerPreCheckoutQuery;
import org.telegram.telegrambots.meta.api.methods.groupadministration.ApproveChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.ChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.payments.PreCheckoutQuery;
import org.telegram.telegrambots.meta.api.objects.payments.SuccessfulPayment;
import org.telegram.telegrambots.meta.api.objects.polls.PollAnswer;
import org.telegram.telegrambots.meta.api.objects.reactions.MessageReactionUpdated;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.Content;
import dev.tgfsm.annotation.InChat;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.annotation.OnText;
import dev.tgfsm.annotation.OnUpdate;
import dev.tgfsm.annotation.Text;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.routing.ChatType;
import dev.tgfsm.routing.ContentType;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.scene.SceneNavigator;

/** One handler per update kind, with the kind's payload as a typed parameter; replies go to the update's chat. */
@BotController
public class KindsController {

    private final SceneNavigator scenes;

    KindsController(SceneNavigator scenes) {
        this.scenes = scenes;
    }

    @OnUpdate(kind = UpdateKind.CHAT_MEMBER)
    public String member(ChatMemberUpdated change) {
        return "welcome " + change.getNewChatMember().getUser().getFirstName() + " (" + change.getNewChatMember().getStatus() + ")";
    }

    @OnUpdate(kind = UpdateKind.MY_CHAT_MEMBER)
    public String added(ChatMemberUpdated change, Chat chat, User user) {
        return "added to " + chat.getType() + " by " + user.getId();
    }

    @OnUpdate(kind = UpdateKind.CHAT_JOIN_REQUEST)
    public ApproveChatJoinRequest join(ChatJoinRequest request) {
        return ApproveChatJoinRequest.builder().chatId(request.getChat().getId()).userId(request.getUser().getId()).build();
    }

    @OnUpdate(kind = UpdateKind.PRE_CHECKOUT_QUERY)
    public AnswerPreCheckoutQuery checkout(PreCheckoutQuery query) {
        boolean ok = query.getInvoicePayload().startsWith("order-");
        return AnswerPreCheckoutQuery.builder().preCheckoutQueryId(query.getId()).ok(ok)
                .errorMessage(ok ? null : "Sold out").build();
    }

    @OnMessage
    @Content(ContentType.PHOTO)
    @InChat(ChatType.PRIVATE)
    public String photo() {
        return "a photo in private";
    }

    @OnUpdate(kind = UpdateKind.SUCCESSFUL_PAYMENT, priority = 1)
    public String paid(SuccessfulPayment payment) {
        return "paid " + payment.getTotalAmount() + " " + payment.getCurrency() + " for " + payment.getInvoicePayload();
    }

    @OnUpdate(kind = UpdateKind.POLL_ANSWER)
    public String voted(PollAnswer answer, StorageKey key) {
        return "voted " + answer.getOptionIds() + " in chat " + key.chatId();
    }

    @OnUpdate(kind = UpdateKind.INLINE_QUERY)
    public AnswerInlineQuery inline(InlineQuery query) {
        return AnswerInlineQuery.builder().inlineQueryId(query.getId()).results(List.of()).build();
    }

    @OnUpdate(kind = UpdateKind.MESSAGE_REACTION)
    public String reacted(MessageReactionUpdated reaction, long userId) {
        return "reaction to " + reaction.getMessageId() + " by " + userId;
    }

    @OnUpdate(kind = UpdateKind.CHANNEL_POST)
    public String post(Message post) {
        return "seen post: " + post.getText();
    }

    @OnMessage
    @Content(ContentType.CONTACT)
    public String contact(Message message) {
        return "contact " + message.getContact().getPhoneNumber();
    }

    @OnText
    @InChat({ ChatType.GROUP, ChatType.SUPERGROUP })
    public String group(@Text String text) {
        return "group says: " + text;
    }

    @OnText
    @InChat(ChatType.PRIVATE)
    public String text(@Text String text) {
        return "private says: " + text;
    }

    @OnCommand("upload")
    public void upload(UpdateContext update) throws Exception {
        scenes.enter(update, "upload", java.util.Map.of());
    }

    /** Inline messages are keyed per message by {@code tgfsm.key.per-message=inline-messages}. */
    @OnCallback(prefix = "vote:")
    public String vote(FsmContext context, StorageKey key) {
        int votes = context.getData().get("votes") instanceof Integer n ? n + 1 : 1;
        context.updateData("votes", votes);
        return "votes on " + key.messageScope() + ": " + votes;
    }
}
