package dev.tgfsm.outbound;

import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.SetMyProfilePhoto;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.methods.business.SetBusinessAccountProfilePhoto;
import org.telegram.telegrambots.meta.api.methods.groupadministration.SetChatPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendAnimation;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMediaGroup;
import org.telegram.telegrambots.meta.api.methods.send.SendPaidMedia;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendSticker;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.send.SendVideoNote;
import org.telegram.telegrambots.meta.api.methods.send.SendVoice;
import org.telegram.telegrambots.meta.api.methods.stickers.AddStickerToSet;
import org.telegram.telegrambots.meta.api.methods.stickers.CreateNewStickerSet;
import org.telegram.telegrambots.meta.api.methods.stickers.ReplaceStickerInSet;
import org.telegram.telegrambots.meta.api.methods.stickers.SetStickerSetThumbnail;
import org.telegram.telegrambots.meta.api.methods.stickers.UploadStickerFile;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageMedia;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * A {@link TelegramClient} whose Bot API calls pass an {@link OutboundLimiter}: the client an
 * application injects, so that its own calls (a broadcast from a scheduled job, a handler calling
 * {@code execute(new SendMessage(...))}) keep Telegram's limits together with the library's calls,
 * shared by every instance through the limiter's store, and a {@code 429}'s {@code retry_after} is
 * waited and the call tried again.
 *
 * <p>What each kind of call takes:
 * <ul>
 * <li>{@code execute} of a message to a chat ({@code send*}, {@code copy*}, {@code forward*},
 * {@code edit*}, multipart ones such as {@code SendPhoto} and {@code SendMediaGroup} too): a permit of
 * the bot's global bucket, the chat's bucket and, for a group or channel, the group's bucket;</li>
 * <li>{@code delete*} and {@code sendChatAction}: a global permit only;</li>
 * <li>calls without a chat ({@code getMe}, {@code getFile}, {@code getUpdates}, {@code setWebhook},
 * {@code setMyCommands}, ...), reads of a chat ({@code getChat}, {@code getChatMember}, ...) and
 * answers ({@code answerCallbackQuery}, ...): none, but a {@code 429} is still waited and
 * retried;</li>
 * <li>file downloads ({@code downloadFile*}) are not Bot API calls and go straight through;</li>
 * <li>{@code executeAsync} waits for its permits on the given executor, not on the caller's thread,
 * then executes the call synchronously there: the future completes when the call is done.</li>
 * </ul>
 * A call the library executes through its own gate is charged there and passes this client without a
 * second permit, so the library may be given this client as well. Each method calls the client it
 * wraps directly, without reflection: the library's own calls pass it too. Instances are made by
 * {@link #wrap(TelegramClient, OutboundLimiter, Executor)}.
 */
public final class FloodControlledTelegramClient implements TelegramClient {

    /** Sends one call through a client. */
    @FunctionalInterface
    private interface Send<T> {
        T to(TelegramClient client) throws TelegramApiException;
    }

    private final LongFunction<TelegramClient> clients;

    /** The bot that sends a call of the calling thread; {@code null}: the limiter's current bot. */
    private final @Nullable LongSupplier sender;

    private final OutboundLimiter limiter;

    private final Executor async;

    private FloodControlledTelegramClient(LongFunction<TelegramClient> clients, @Nullable LongSupplier sender,
            OutboundLimiter limiter, Executor async) {
        this.clients = clients;
        this.sender = sender;
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
        this.async = Objects.requireNonNull(async, "async must not be null");
    }

    /**
     * Wraps a client.
     *
     * @param delegate the client that sends
     * @param limiter the gate every call passes
     * @param async where {@code executeAsync} calls wait for their permits and are executed
     * @return the flood-controlled client
     */
    public static TelegramClient wrap(TelegramClient delegate, OutboundLimiter limiter, Executor async) {
        Objects.requireNonNull(delegate, "delegate must not be null");
        return new FloodControlledTelegramClient(bot -> delegate, null, limiter, async);
    }

    /**
     * Wraps the clients of several bots into one: each call is sent by the client of the bot that
     * {@code sender} names on the calling thread (asked once per call, before any wait, so an
     * {@code executeAsync} is sent by the bot of the thread that made it) and is charged to that bot's
     * buckets, also outside any update.
     *
     * @param clients the client of each bot, by bot id
     * @param sender the bot that sends a call made on the calling thread
     * @param limiter the gate every call passes
     * @param async where {@code executeAsync} calls wait for their permits and are executed
     * @return the flood-controlled client
     */
    public static TelegramClient wrap(LongFunction<TelegramClient> clients, LongSupplier sender,
            OutboundLimiter limiter, Executor async) {
        Objects.requireNonNull(clients, "clients must not be null");
        Objects.requireNonNull(sender, "sender must not be null");
        return new FloodControlledTelegramClient(clients, sender, limiter, async);
    }

    /**
     * Tells whether a client was made by {@link #wrap(TelegramClient, OutboundLimiter, Executor)}.
     *
     * @param client the client
     * @return {@code true} if its calls pass a limiter
     */
    public static boolean isFloodControlled(TelegramClient client) {
        return client instanceof FloodControlledTelegramClient;
    }

    /** The bot that sends a call made now on the calling thread; 0 for the limiter's current bot. */
    private long bot() {
        return sender != null ? sender.getAsLong() : 0;
    }

    /** Executes a call through the limiter on the calling thread. */
    private <T> T send(@Nullable PartialBotApiMethod<?> method, Send<T> send) throws TelegramApiException {
        long bot = bot();
        TelegramClient client = clients.apply(bot);
        return gate(bot, client, method, send);
    }

    private <T> T gate(long bot, TelegramClient client, @Nullable PartialBotApiMethod<?> method, Send<T> send)
            throws TelegramApiException {
        if (method == null) {
            return send.to(client); // the client's own answer to a missing method
        }
        OutboundLimiter.Call<T> call = () -> send.to(client);
        return sender != null ? limiter.execute(bot, method, call) : limiter.execute(method, call);
    }

    /** Executes a call through the limiter on {@link #async}, sent by the bot of the calling thread. */
    private <T> CompletableFuture<T> sendAsync(@Nullable PartialBotApiMethod<?> method, Send<T> send) {
        long bot = bot();
        TelegramClient client = clients.apply(bot);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate(bot, client, method, send);
            }
            catch (Exception ex) {
                throw new CompletionException(ex);
            }
        }, async);
    }

    @Override
    public <T extends Serializable, M extends BotApiMethod<T>> T execute(M method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public <T extends Serializable, M extends BotApiMethod<T>> CompletableFuture<T> executeAsync(M method)
            throws TelegramApiException {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendDocument method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendPhoto method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(SetWebhook method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendVideo method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendVideoNote method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendSticker method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(SetBusinessAccountProfilePhoto method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(SetMyProfilePhoto method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendAudio method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendVoice method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public List<Message> execute(SendMediaGroup method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public List<Message> execute(SendPaidMedia method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(SetChatPhoto method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(AddStickerToSet method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(ReplaceStickerInSet method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(SetStickerSetThumbnail method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Boolean execute(CreateNewStickerSet method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public File execute(UploadStickerFile method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Serializable execute(EditMessageMedia method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public Message execute(SendAnimation method) throws TelegramApiException {
        return send(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendDocument method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendPhoto method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(SetWebhook method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendVideo method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendVideoNote method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendSticker method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(SetBusinessAccountProfilePhoto method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(SetMyProfilePhoto method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendAudio method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendVoice method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<List<Message>> executeAsync(SendMediaGroup method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<List<Message>> executeAsync(SendPaidMedia method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(SetChatPhoto method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(AddStickerToSet method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(ReplaceStickerInSet method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(SetStickerSetThumbnail method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Boolean> executeAsync(CreateNewStickerSet method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<File> executeAsync(UploadStickerFile method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Serializable> executeAsync(EditMessageMedia method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public CompletableFuture<Message> executeAsync(SendAnimation method) {
        return sendAsync(method, client -> client.execute(method));
    }

    @Override
    public java.io.File downloadFile(File file) throws TelegramApiException {
        return clients.apply(bot()).downloadFile(file);
    }

    @Override
    public java.io.File downloadFile(String filePath) throws TelegramApiException {
        return clients.apply(bot()).downloadFile(filePath);
    }

    @Override
    public InputStream downloadFileAsStream(File file) throws TelegramApiException {
        return clients.apply(bot()).downloadFileAsStream(file);
    }

    @Override
    public InputStream downloadFileAsStream(String filePath) throws TelegramApiException {
        return clients.apply(bot()).downloadFileAsStream(filePath);
    }

    @Override
    public CompletableFuture<java.io.File> downloadFileAsync(File file) {
        return clients.apply(bot()).downloadFileAsync(file);
    }

    @Override
    public CompletableFuture<java.io.File> downloadFileAsync(String filePath) {
        return clients.apply(bot()).downloadFileAsync(filePath);
    }

    @Override
    public CompletableFuture<InputStream> downloadFileAsStreamAsync(File file) {
        return clients.apply(bot()).downloadFileAsStreamAsync(file);
    }

    @Override
    public CompletableFuture<InputStream> downloadFileAsStreamAsync(String filePath) {
        return clients.apply(bot()).downloadFileAsStreamAsync(filePath);
    }

    @Override
    public String toString() {
        return "flood-controlled " + (sender == null ? clients.apply(0) : "client of several bots");
    }
}
