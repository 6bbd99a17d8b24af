package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.CertificatePinner;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmBotsAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmTelegramAutoConfiguration;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * {@link BotApiHttp}, the plain-HTTP transport of {@link CallerThreadTelegramClient}, against
 * real sockets: a server of its own that answers as told (sized, chunked, gzip, closing, silent,
 * garbled), and the local Bot API server under many threads.
 */
class BotApiHttpTests {

    private static final String TOKEN = "123456:test-token";

    private static final String MESSAGE = "{\"ok\":true,\"result\":{\"message_id\":7,\"date\":1,"
            + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"hi\"}}";

    @Test
    void manyCallsGoOutOnOneKeptAliveConnectionWithTheLibrarysRequest() throws Exception {
        try (Server server = new Server(request -> sized(MESSAGE))) {
            CallerThreadTelegramClient client = client(server, new OkHttpClient());
            for (int i = 0; i < 50; i++) {
                assertThat(client.execute(send("hi")).getMessageId()).isEqualTo(7);
            }

            assertThat(server.connections).as("connections opened").hasValue(1);
            assertThat(server.requests).hasSize(50);
            String first = server.requests.get(0);
            assertThat(first).startsWith("POST /bot" + TOKEN + "/sendmessage HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                    .contains("\r\nContent-Type: application/json; charset=utf-8\r\n")
                    .contains("\r\ncharset: UTF-8\r\n").contains("\r\n\r\n{\"chat_id\":\"42\",\"text\":\"hi\"");
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedAndEachCallReachesItOnce() throws Exception {
        // the server closes every connection right after its answer, without saying so
        try (Server server = new Server(request -> sized(MESSAGE), true)) {
            CallerThreadTelegramClient client = client(server, new OkHttpClient());
            for (int i = 0; i < 10; i++) {
                assertThat(client.execute(send("hi " + i)).getMessageId()).isEqualTo(7);
                Thread.sleep(5);
            }

            assertThat(server.requests).as("each call reached the server once").hasSize(10)
                    .allMatch(r -> r.contains("\"text\":\"hi "));
            assertThat(server.connections).as("a new connection for each call").hasValue(10);
        }
    }

    @Test
    void answersChunkedClosingWithoutLengthOrGzippedAreRead() throws Exception {
        List<Function<String, byte[]>> answers = List.of(
                request -> ascii(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "10;ext=1\r\n" + MESSAGE.substring(0, 16) + "\r\n"
                                + Integer.toHexString(MESSAGE.length() - 16) + "\r\n" + MESSAGE.substring(16)
                                + "\r\n0\r\n\r\n"),
                request -> ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nConnection: close\r\n"
                        + "Content-Length: " + MESSAGE.length() + "\r\n\r\n" + MESSAGE),
                request -> ascii("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + MESSAGE),
                request -> gzipped(MESSAGE),
                request -> request.contains("\"text\":\"empty\"") ? ascii("HTTP/1.1 204 No Content\r\n\r\n")
                        : sized(MESSAGE));
        for (Function<String, byte[]> answer : answers) {
            boolean closes = answer == answers.get(1) || answer == answers.get(2);
            try (Server server = new Server(answer, closes)) {
                CallerThreadTelegramClient client = client(server, new OkHttpClient());
                for (int i = 0; i < 3; i++) {
                    Message sent = client.execute(send("hi"));
                    assertThat(sent.getMessageId()).isEqualTo(7);
                    assertThat(sent.getText()).isEqualTo("hi");
                }
                if (answer == answers.get(4)) {
                    // no body at all: not JSON, so the library cannot read it, and the connection stays usable
                    assertThat(catchThrowable(() -> client.execute(send("empty"))))
                            .isInstanceOf(TelegramApiException.class);
                    assertThat(client.execute(send("hi")).getMessageId()).isEqualTo(7);
                }
                assertThat(server.requests).hasSize(answer == answers.get(4) ? 5 : 3);
                assertThat(server.connections).hasValue(closes ? 3 : 1);
            }
        }
    }

    @Test
    void answersArrivingAFewBytesAtATimeOrLargerThanTheBufferAreReadWhole() throws Exception {
        String text = "x".repeat(20_000);
        String large = MESSAGE.replace("\"text\":\"hi\"", "\"text\":\"" + text + "\"");
        try (Server server = new Server(request -> sized(request.contains("\"text\":\"large\"") ? large : MESSAGE))) {
            server.writeSize = 3;
            CallerThreadTelegramClient client = client(server, new OkHttpClient());
            for (int i = 0; i < 3; i++) {
                assertThat(client.execute(send("hi")).getText()).isEqualTo("hi");
                assertThat(client.execute(send("large")).getText()).isEqualTo(text);
            }
            server.writeSize = 0; // at once: the body's larger part bypasses the 8 KiB buffer
            for (int i = 0; i < 3; i++) {
                assertThat(client.execute(send("large")).getText()).isEqualTo(text);
                assertThat(client.execute(send("hi")).getText()).isEqualTo("hi");
            }

            assertThat(server.requests).hasSize(12);
            assertThat(server.connections).as("every answer read to its end: the connection stays usable")
                    .hasValue(1);
        }
    }

    @Test
    void aHostNameIsTriedAddressByAddress() throws Exception {
        // localhost may name ::1 as well as 127.0.0.1; the server listens on 127.0.0.1 only
        try (Server server = new Server(request -> sized(MESSAGE))) {
            CallerThreadTelegramClient client = new CallerThreadTelegramClient(new OkHttpClient(), TOKEN,
                    TelegramUrls.parse("http://localhost:" + server.port()));

            assertThat(client.execute(send("hi")).getMessageId()).isEqualTo(7);
            assertThat(server.requests.get(0)).contains("\r\nHost: localhost:" + server.port() + "\r\n");
        }
        Throwable unknown = catchThrowable(() -> new CallerThreadTelegramClient(new OkHttpClient(), TOKEN,
                TelegramUrls.parse("http://no-such-host.invalid:8081")).execute(send("hi")));
        assertThat(unknown).isExactlyInstanceOf(TelegramApiException.class)
                .hasCauseInstanceOf(UnknownHostException.class);
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutAndTheCallIsNotSentAgain() throws Exception {
        try (Server server = new Server(request -> null)) {
            OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build();
            CallerThreadTelegramClient client = client(server, http);

            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> client.execute(send("hi")));

            assertThat(thrown).isExactlyInstanceOf(TelegramApiException.class)
                    .hasMessage("Unable to execute sendmessage method")
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(server.requests).as("a timed-out request is not repeated").hasSize(1);
        }
    }

    @Test
    void aGarbledAnswerIsAnIoExceptionAndItsConnectionIsNotReused() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Server server = new Server(request -> calls.incrementAndGet() == 1 ? ascii("garbage\r\n\r\n")
                : sized(MESSAGE))) {
            CallerThreadTelegramClient client = client(server, new OkHttpClient());

            Throwable thrown = catchThrowable(() -> client.execute(send("hi")));
            assertThat(thrown).isExactlyInstanceOf(TelegramApiException.class).hasCauseInstanceOf(IOException.class)
                    .cause().hasMessageContaining("Malformed status line");

            assertThat(client.execute(send("hi")).getMessageId()).isEqualTo(7);
            assertThat(server.connections).hasValue(2);
            assertThat(server.requests).hasSize(2);
        }
    }

    @Test
    void anErrorAnswerWithAnHttpErrorStatusIsTheLibrarysRequestException() throws Exception {
        String refused = "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}";
        try (Server server = new Server(request -> ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: "
                + refused.length() + "\r\n\r\n" + refused))) {
            Throwable thrown = catchThrowable(() -> client(server, new OkHttpClient()).execute(send("hi")));

            assertThat(thrown).isInstanceOf(TelegramApiRequestException.class);
            assertThat(((TelegramApiRequestException) thrown).getErrorCode()).isEqualTo(403);
            assertThat(server.connections).hasValue(1);
        }
    }

    @Test
    void manyThreadsShareTheConnectionsAndEveryCallIsAnsweredOnce() throws Exception {
        int threads = 16;
        int calls = 100;
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            CallerThreadTelegramClient client = new CallerThreadTelegramClient(new OkHttpClient(), TOKEN,
                    server.telegramUrl());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<String>>> sent = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    sent.add(pool.submit(() -> {
                        List<String> texts = new ArrayList<>();
                        for (int i = 0; i < calls; i++) {
                            texts.add(client.execute(send(thread + ":" + i)).getText());
                        }
                        return texts;
                    }));
                }
                for (int t = 0; t < threads; t++) {
                    List<String> texts = sent.get(t).get();
                    assertThat(texts).hasSize(calls);
                    for (int i = 0; i < calls; i++) {
                        assertThat(texts.get(i)).isEqualTo(t + ":" + i);
                    }
                }
            }
            finally {
                pool.shutdown();
            }
            assertThat(server.requests("sendMessage")).hasSize(threads * calls);
        }
    }

    @Test
    void onlyAServerReachedDirectlyByAClientThatAddsNothingGetsIt() {
        HttpUrl plain = HttpUrl.get("http://127.0.0.1:8081/bot1:a/getMe");
        OkHttpClient defaults = new OkHttpClient();

        assertThat(BotApiHttp.forServer(plain, defaults)).isNotNull();
        HttpUrl secure = HttpUrl.get("https://api.telegram.org/bot1:a/getMe");
        assertThat(BotApiHttp.forServer(secure, defaults)).isNotNull();
        assertThat(BotApiHttp.forServer(secure, defaults.newBuilder().certificatePinner(new CertificatePinner.Builder()
                .add("api.telegram.org", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").build()).build()))
                .isNull();
        assertThat(BotApiHttp.forServer(secure, defaults.newBuilder()
                .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS)).build())).isNull();
        assertThat(BotApiHttp.forServer(plain, defaults.newBuilder()
                .addInterceptor(chain -> chain.proceed(chain.request())).build())).isNull();
        assertThat(BotApiHttp.forServer(plain, defaults.newBuilder()
                .addNetworkInterceptor(chain -> chain.proceed(chain.request())).build())).isNull();
        assertThat(BotApiHttp.forServer(plain, defaults.newBuilder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 3128))).build())).isNull();
        assertThat(BotApiHttp.forServer(plain, defaults.newBuilder().callTimeout(Duration.ofSeconds(5)).build()))
                .isNull();
    }

    @Test
    void idleConnectionsAreCappedAndCanBeClosed() throws Exception {
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            HttpUrl url = HttpUrl.get("http://127.0.0.1:" + server.telegramUrl().getPort() + "/bot" + TOKEN + "/getMe");
            BotApiHttp http = BotApiHttp.forServer(url, new OkHttpClient());
            assertThat(http).isNotNull();
            byte[] path = ascii("/bot" + TOKEN + "/sendmessage");
            byte[] body = ascii("{\"chat_id\":\"42\",\"text\":\"hi\"}");
            int threads = BotApiHttp.MAX_IDLE_CONNECTIONS + 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 20; i++) {
                            assertThat(new String(http.post(path, body).body(), StandardCharsets.UTF_8))
                                    .contains("\"ok\":true");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            finally {
                pool.shutdown();
            }
            assertThat(http.idleConnections()).isBetween(1, BotApiHttp.MAX_IDLE_CONNECTIONS);

            http.closeIdle();
            assertThat(http.idleConnections()).isZero();
            assertThat(new String(http.post(path, body).body(), StandardCharsets.UTF_8)).contains("\"ok\":true");
        }
    }

    @Test
    void theClientBeansConnectionsAreClosedWhenTheApplicationStops() throws Exception {
        try (Server server = new Server(request -> sized(MESSAGE))) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class,
                            FsmTelegramAutoConfiguration.class, FsmBotsAutoConfiguration.class))
                    .withPropertyValues("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.polling.enabled=false",
                            "tgfsm.bot.api-url=http://127.0.0.1:" + server.port(), "tgfsm.bots[0].name=second",
                            "tgfsm.bots[0].token=654321:second-token",
                            "tgfsm.bots[0].api-url=http://127.0.0.1:" + server.port())
                    .run(context -> {
                        TelegramClient first = context.getBean(TelegramClient.class);
                        assertThat(first.execute(send("hi")).getMessageId()).isEqualTo(7);
                        FsmBots bots = context.getBean(FsmBots.class);
                        assertThat(bots.client(bots.bots().get(1).id()).execute(send("hi")).getMessageId())
                                .isEqualTo(7);
                        assertThat(server.connections).hasValue(2);
                        assertThat(server.ended).as("kept alive while the application runs").hasValue(0);
                    });

            for (int i = 0; i < 500 && server.ended.get() < 2; i++) {
                Thread.sleep(10);
            }
            assertThat(server.ended).as("both bots' connections closed as the application stopped").hasValue(2);
        }
    }

    @Test
    void anHttpsServerIsReachedOverTlsOnOneKeptAliveConnection() throws Exception {
        KeyStore store = keyStore("SAN=IP:127.0.0.1,DNS:localhost");
        try (Server server = new Server(tlsServerSocket(store), request -> sized(MESSAGE), false)) {
            CallerThreadTelegramClient client = httpsClient(server, trusting(store));
            for (int i = 0; i < 20; i++) {
                assertThat(client.execute(send("hi")).getMessageId()).isEqualTo(7);
            }

            assertThat(server.connections).as("one TLS connection for all the calls").hasValue(1);
            assertThat(server.requests).hasSize(20);
            assertThat(server.requests.get(0)).startsWith("POST /bot" + TOKEN + "/sendmessage HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n");
        }
    }

    @Test
    void aCertificateForAnotherNameOrAnUntrustedOneIsRefusedBeforeTheRequest() throws Exception {
        KeyStore other = keyStore("SAN=DNS:other.example");
        try (Server server = new Server(tlsServerSocket(other), request -> sized(MESSAGE), false)) {
            Throwable thrown = catchThrowable(() -> httpsClient(server, trusting(other)).execute(send("hi")));

            assertThat(thrown).isExactlyInstanceOf(TelegramApiException.class)
                    .hasCauseInstanceOf(SSLPeerUnverifiedException.class);
            assertThat(server.requests).as("nothing sent to a server whose name is not verified").isEmpty();
        }
        KeyStore self = keyStore("SAN=IP:127.0.0.1");
        try (Server server = new Server(tlsServerSocket(self), request -> sized(MESSAGE), false)) {
            Throwable thrown = catchThrowable(() -> httpsClient(server, new OkHttpClient()).execute(send("hi")));

            assertThat(thrown).isExactlyInstanceOf(TelegramApiException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
            assertThat(server.requests).as("nothing sent to an untrusted server").isEmpty();
        }
    }

    @Test
    void anHttpsConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        KeyStore store = keyStore("SAN=IP:127.0.0.1");
        try (Server server = new Server(tlsServerSocket(store), request -> sized(MESSAGE), true)) {
            CallerThreadTelegramClient client = httpsClient(server, trusting(store));
            for (int i = 0; i < 5; i++) {
                assertThat(client.execute(send("hi " + i)).getMessageId()).isEqualTo(7);
                Thread.sleep(5);
            }

            assertThat(server.requests).as("each call reached the server once").hasSize(5);
            assertThat(server.connections).hasValue(5);
        }
    }

    /** A new key pair and self-signed certificate for the given subject alternative names, by keytool. */
    private static KeyStore keyStore(String names) throws Exception {
        Path file = Files.createTempFile("tgfsm-tls", ".p12");
        Files.delete(file);
        try {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=tgfsm test", "-ext", names, "-validity", "2", "-storetype", "PKCS12", "-keystore",
                    file.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true)
                    .start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(keytool.waitFor()).as(output).isZero();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, "changeit".toCharArray());
            }
            return store;
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    private static ServerSocket tlsServerSocket(KeyStore store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** An OkHttp client that trusts the store's certificate, with OkHttp's own hostname verifier. */
    private static OkHttpClient trusting(KeyStore store) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        X509TrustManager manager = (X509TrustManager) trust.getTrustManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{manager}, null);
        return new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), manager).build();
    }

    private static SendMessage send(String text) {
        return SendMessage.builder().chatId(42L).text(text).build();
    }

    private static CallerThreadTelegramClient httpsClient(Server server, OkHttpClient http) {
        return new CallerThreadTelegramClient(http, TOKEN, TelegramUrls.parse("https://127.0.0.1:" + server.port()));
    }

    private static CallerThreadTelegramClient client(Server server, OkHttpClient http) {
        return new CallerThreadTelegramClient(http, TOKEN, TelegramUrls.parse("http://127.0.0.1:" + server.port()));
    }

    private static byte[] sized(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n"), body);
    }

    private static byte[] gzipped(String json) {
        try {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(json.getBytes(StandardCharsets.UTF_8));
            }
            return concat(ascii("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + zipped.size()
                    + "\r\n\r\n"), zipped.toByteArray());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An HTTP/1.1 server on a real socket that answers each request with what {@code answer} gives
     * (nothing for {@code null}: it keeps the connection and stays silent), and closes each connection
     * after its first answer when told to, or when the answer says so.
     */
    private static final class Server implements AutoCloseable {

        final ServerSocket socket;

        final AtomicInteger connections = new AtomicInteger();

        final List<String> requests = new CopyOnWriteArrayList<>();

        final List<Socket> open = new CopyOnWriteArrayList<>();

        /** Connections the client closed (the server read their end). */
        final AtomicInteger ended = new AtomicInteger();

        private final Function<String, byte[]> answer;

        private final boolean closeAfterAnswer;

        /** Writes each answer in pieces of this many bytes, each flushed on its own (0: all at once). */
        volatile int writeSize;

        Server(Function<String, byte[]> answer) throws IOException {
            this(answer, false);
        }

        Server(Function<String, byte[]> answer, boolean closeAfterAnswer) throws IOException {
            this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answer, closeAfterAnswer);
        }

        Server(ServerSocket socket, Function<String, byte[]> answer, boolean closeAfterAnswer) {
            this.socket = socket;
            this.answer = answer;
            this.closeAfterAnswer = closeAfterAnswer;
            Thread acceptor = new Thread(this::accept, "plain-http-test-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s), "plain-http-test-connection");
                    t.setDaemon(true);
                    t.start();
                }
                catch (IOException ex) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        ended.incrementAndGet();
                        return;
                    }
                    requests.add(request);
                    byte[] reply = answer.apply(request);
                    if (reply == null) {
                        Thread.sleep(60_000);
                        return;
                    }
                    int piece = writeSize > 0 ? writeSize : reply.length;
                    s.setTcpNoDelay(writeSize > 0);
                    for (int at = 0; at < reply.length; at += piece) {
                        out.write(reply, at, Math.min(piece, reply.length - at));
                        out.flush();
                    }
                    String head = new String(reply, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                    if (closeAfterAnswer || head.contains("connection: close") || head.startsWith("http/1.0")) {
                        return;
                    }
                }
            }
            catch (IOException ex) {
                // the client went away
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        /** A whole request as text (head and body), or {@code null} at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
