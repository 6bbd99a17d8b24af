package dev.tgfsm.sample;

import org.telegram.telegrambots.meta.api.methods.groupadministration.ApproveChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.ChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.Content;
import dev.tgfsm.annotation.InChat;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.annotation.OnUpdate;
import dev.tgfsm.routing.ChatType;
import dev.tgfsm.routing.ContentType;
import dev.tgfsm.routing.UpdateKind;

/**
 * The sample in groups and beyond text: join requests are approved, new members greeted, a group-only
 * command, and a photo sent outside any conversation is acknowledged (inside the {@code /report}
 * flow the flow takes it).
 */
@BotController
public class CommunityController {

    /** The rules shown by {@code /rules} in groups. */
    static final String RULES = "Group rules: be kind, stay on topic, no spam.";

    /**
     * Approves every request to join a group or channel the bot administers.
     *
     * @param request the request
     * @return the approval, sent through the Bot API
     */
    @OnUpdate(kind = UpdateKind.CHAT_JOIN_REQUEST)
    public ApproveChatJoinRequest approve(ChatJoinRequest request) {
        return ApproveChatJoinRequest.builder().chatId(request.getChat().getId()).userId(request.getUser().getId())
                .build();
    }

    /**
     * Greets a member who joined a group (the bot must be an administrator to receive these updates);
     * other changes, such as leaving or promotions, get no reply.
     *
     * @param change the member's change
     * @return the greeting, or {@code null} for no reply
     */
    @OnUpdate(kind = UpdateKind.CHAT_MEMBER)
    public String greet(ChatMemberUpdated change) {
        boolean joined = "member".equals(change.getNewChatMember().getStatus())
                && !"member".equals(change.getOldChatMember().getStatus());
        return joined
                ? "Welcome, " + change.getNewChatMember().getUser().getFirstName() + "! Send /rules to read the rules."
                : null;
    }

    /**
     * Shows the group's rules; in private chats the command is unknown.
     *
     * @return the rules
     */
    @OnCommand("rules")
    @InChat({ChatType.GROUP, ChatType.SUPERGROUP})
    public String rules() {
        return RULES;
    }

    /**
     * Acknowledges a single photo sent in a private chat outside any conversation.
     *
     * @param message the message with the photo
     * @return the reply
     */
    @OnMessage(noState = true)
    @Content(ContentType.PHOTO)
    @InChat(ChatType.PRIVATE)
    public String photo(Message message) {
        String caption = message.getCaption() != null ? " (" + message.getCaption() + ")" : "";
        return "Nice photo" + caption + "! To report a problem with it, send /report first.";
    }
}
