package dev.tgfsm.key;

import static dev.tgfsm.key.Updates.chat;
import static dev.tgfsm.key.Updates.message;
import static dev.tgfsm.key.Updates.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.ChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.business.BusinessConnection;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.inlinequery.ChosenInlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.InaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.payments.PreCheckoutQuery;
import org.telegram.telegrambots.meta.api.objects.payments.ShippingQuery;
import org.telegram.telegrambots.meta.api.objects.polls.Poll;
import org.telegram.telegrambots.meta.api.objects.polls.PollAnswer;
import org.telegram.telegrambots.meta.api.objects.reactions.MessageReactionUpdated;

class UpdateIdentityTests {

    private static UpdateIdentity identity(Update update) {
        return UpdateIdentity.of(update).orElseThrow();
    }

    @Test
    void messageNamesChatAndSender() {
        Update update = new Update();
        update.setMessage(message(-100, "supergroup", user(7)));

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-100L, 7L, null, null));
    }

    @Test
    void editedMessageNamesChatAndSender() {
        Update update = new Update();
        update.setEditedMessage(message(7, "private", user(7)));

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(7L, 7L, null, null));
    }

    @Test
    void channelPostWithoutSenderUsesTheSenderChat() {
        Message post = message(-200, "channel", null);
        post.setSenderChat(chat(-200, "channel"));
        Update update = new Update();
        update.setChannelPost(post);

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-200L, -200L, null, null));
        Update edited = new Update();
        edited.setEditedChannelPost(post);
        assertThat(identity(edited)).isEqualTo(new UpdateIdentity(-200L, -200L, null, null));
    }

    @Test
    void topicMessageCarriesItsThread() {
        Message topic = message(-100, "supergroup", user(7));
        topic.setMessageThreadId(42);
        topic.setIsTopicMessage(true);
        Update update = new Update();
        update.setMessage(topic);

        assertThat(identity(update).threadId()).isEqualTo(42L);
    }

    @Test
    void replyThreadOutsideTopicsIsIgnored() {
        Message reply = message(-100, "supergroup", user(7));
        reply.setMessageThreadId(42);
        Update update = new Update();
        update.setMessage(reply);

        assertThat(identity(update).threadId()).isNull();
        reply.setIsTopicMessage(false);
        assertThat(identity(update).threadId()).isNull();
    }

    @Test
    void callbackQueryWithAccessibleMessageUsesItsChatAndThread() {
        Message attached = message(-100, "supergroup", user(999));
        attached.setMessageThreadId(5);
        attached.setIsTopicMessage(true);
        CallbackQuery query = new CallbackQuery();
        query.setId("q");
        query.setFrom(user(7));
        query.setMessage(attached);
        Update update = new Update();
        update.setCallbackQuery(query);

        assertThat(identity(update)).as("the presser, not the message's author")
                .isEqualTo(new UpdateIdentity(-100L, 7L, 5L, null));
    }

    @Test
    void callbackQueryWithInaccessibleMessageUsesItsChat() {
        CallbackQuery query = new CallbackQuery();
        query.setId("q");
        query.setFrom(user(7));
        query.setMessage(new InaccessibleMessage(chat(-100, "supergroup"), 10, 0));
        Update update = new Update();
        update.setCallbackQuery(query);

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-100L, 7L, null, null));
    }

    @Test
    void inlineCallbackQueryNamesOnlyTheUser() {
        CallbackQuery query = new CallbackQuery();
        query.setId("q");
        query.setFrom(user(7));
        query.setInlineMessageId("inline-1");
        Update update = new Update();
        update.setCallbackQuery(query);

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(null, 7L, null, null));
    }

    @Test
    void queriesFromUsersNameOnlyTheUser() {
        Update inline = new Update();
        inline.setInlineQuery(InlineQuery.builder().id("i").from(user(7)).query("q").offset("").build());
        Update chosen = new Update();
        chosen.setChosenInlineQuery(ChosenInlineQuery.builder().resultId("r").from(user(8)).query("q").build());
        ShippingQuery shipping = new ShippingQuery();
        shipping.setId("s");
        shipping.setFrom(user(9));
        Update shippingUpdate = new Update();
        shippingUpdate.setShippingQuery(shipping);
        PreCheckoutQuery checkout = new PreCheckoutQuery();
        checkout.setId("p");
        checkout.setFrom(user(10));
        Update checkoutUpdate = new Update();
        checkoutUpdate.setPreCheckoutQuery(checkout);

        assertThat(identity(inline)).isEqualTo(new UpdateIdentity(null, 7L, null, null));
        assertThat(identity(chosen)).isEqualTo(new UpdateIdentity(null, 8L, null, null));
        assertThat(identity(shippingUpdate)).isEqualTo(new UpdateIdentity(null, 9L, null, null));
        assertThat(identity(checkoutUpdate)).isEqualTo(new UpdateIdentity(null, 10L, null, null));
    }

    @Test
    void pollAnswerNamesTheVoterOrTheVoterChat() {
        PollAnswer answer = new PollAnswer();
        answer.setPollId("p");
        answer.setUser(user(7));
        answer.setOptionIds(List.of(0));
        Update update = new Update();
        update.setPollAnswer(answer);
        assertThat(identity(update)).isEqualTo(new UpdateIdentity(null, 7L, null, null));

        PollAnswer anonymous = new PollAnswer();
        anonymous.setPollId("p");
        anonymous.setVoterChat(chat(-300, "channel"));
        anonymous.setOptionIds(List.of(0));
        update.setPollAnswer(anonymous);
        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-300L, null, null, null));
    }

    @Test
    void memberUpdatesNameChatAndActor() {
        ChatMemberUpdated change = new ChatMemberUpdated();
        change.setChat(chat(-100, "supergroup"));
        change.setFrom(user(7));
        Update mine = new Update();
        mine.setMyChatMember(change);
        Update theirs = new Update();
        theirs.setChatMember(change);

        assertThat(identity(mine)).isEqualTo(new UpdateIdentity(-100L, 7L, null, null));
        assertThat(identity(theirs)).isEqualTo(new UpdateIdentity(-100L, 7L, null, null));
    }

    @Test
    void chatJoinRequestNamesChatAndApplicant() {
        ChatJoinRequest request = new ChatJoinRequest();
        request.setChat(chat(-100, "supergroup"));
        request.setUser(user(7));
        request.setUserChatId(7L);
        Update update = new Update();
        update.setChatJoinRequest(request);

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-100L, 7L, null, null));
    }

    @Test
    void reactionNamesChatAndUserOrActorChat() {
        MessageReactionUpdated reaction = new MessageReactionUpdated();
        reaction.setChat(chat(-100, "supergroup"));
        reaction.setUser(user(7));
        Update update = new Update();
        update.setMessageReaction(reaction);
        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-100L, 7L, null, null));

        MessageReactionUpdated anonymous = new MessageReactionUpdated();
        anonymous.setChat(chat(-100, "supergroup"));
        anonymous.setActorChat(chat(-100, "supergroup"));
        update.setMessageReaction(anonymous);
        assertThat(identity(update)).isEqualTo(new UpdateIdentity(-100L, -100L, null, null));
    }

    @Test
    void businessMessageKeepsItsConnection() {
        Message message = message(7, "private", user(7));
        message.setBusinessConnectionId("conn:{1}*");
        Update update = new Update();
        update.setBusinessMessage(message);
        assertThat(identity(update)).isEqualTo(new UpdateIdentity(7L, 7L, null, "conn:{1}*"));

        Update edited = new Update();
        edited.setEditedBuinessMessage(message);
        assertThat(identity(edited)).isEqualTo(new UpdateIdentity(7L, 7L, null, "conn:{1}*"));
    }

    @Test
    void businessConnectionNamesTheOwnerAndTheConnection() {
        BusinessConnection connection = new BusinessConnection("conn", user(7), 7L, 1_700_000_000, true);
        Update update = new Update();
        update.setBusinessConnection(connection);

        assertThat(identity(update)).isEqualTo(new UpdateIdentity(7L, 7L, null, "conn"));
    }

    @Test
    void updateNamingNeitherChatNorUserHasNoIdentity() {
        Poll poll = new Poll();
        poll.setId("p");
        Update update = new Update();
        update.setPoll(poll);

        assertThat(UpdateIdentity.of(update)).isEmpty();
        assertThat(UpdateIdentity.of(new Update())).isEmpty();
        assertThat(UpdateIdentity.of(null)).isEmpty();
    }
}
