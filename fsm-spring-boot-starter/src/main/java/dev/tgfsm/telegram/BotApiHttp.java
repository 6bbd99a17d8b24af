package dev.tgfsm.telegram;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import javax.net.SocketFactory;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import okhttp3.ConnectionSpec;
import okhttp3.CookieJar;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * JSON requests to a Bot API server over HTTP/1.1 on kept-alive sockets, on the calling thread: the
 * transport of {@link CallerThreadTelegramClient} and of long polling ({@link BotApiPolling}) when the
 * OkHttp client they were given adds nothing to a request. Per call it writes the request line, five
 * headers and the body in one write, and reads the status line, the headers and the body: none of OkHttp's interceptor chain, address and route
 * objects, header lists, Okio buffers and timeout watchdog: 0.07-0.13 ms less CPU per update on the
 * update threads end to end in three of four A/B pairs (runs Z and AA of
 * {@code benchmarks/results/e2e.md}, a local {@code telegram-bot-api} over {@code http://}).
 *
 * <p>To an {@code https://} server (Telegram's own) each connection is wrapped in TLS by the OkHttp
 * client's own socket factory (its trust, and the JDK's protocols and cipher suites, as OkHttp's
 * modern TLS spec allows), and the server's certificate is checked against its name by the client's
 * hostname verifier after the handshake, as OkHttp does; HTTP/1.1 only (OkHttp would offer HTTP/2).
 * A client with other connection specs or certificate pins goes through OkHttp.
 *
 * <p>It keeps OkHttp's behaviour where a bot could tell: the same request (method path, body and
 * headers as the library sends them), the client's connect and read timeouts, and, as OkHttp's
 * {@code retryOnConnectionFailure}, one more attempt on a new connection when a kept-alive one turns
 * out closed before any byte of the answer arrived (the server closed it while idle, or restarted).
 * A connection idle longer than {@link #MAX_IDLE_MILLIS} is closed instead of reused, and at most
 * {@link #MAX_IDLE_CONNECTIONS} are kept. Answers may be sized, chunked or end with the connection,
 * and gzip-encoded.
 *
 * <p>Thread-safe: each call has its connection to itself.
 */
final class BotApiHttp {

    /** How long an idle connection is kept (OkHttp's pool keeps them 5 minutes; servers often less). */
    static final long MAX_IDLE_MILLIS = 30_000;

    /** How many idle connections are kept; more are closed when they come back. */
    static final int MAX_IDLE_CONNECTIONS = 32;

    /** OkHttp's default connection specs: modern TLS, or none for plain HTTP. */
    private static final List<ConnectionSpec> DEFAULT_SPECS = List.of(ConnectionSpec.MODERN_TLS,
            ConnectionSpec.CLEARTEXT);

    /** The longest status or header line read. */
    private static final int MAX_LINE = 64 * 1024;

    private static final byte[] POST = ascii("POST ");

    private static final byte[] HEADERS_START = ascii(" HTTP/1.1\r\nHost: ");

    /** The library's headers ({@code charset} is its own), and OkHttp's keep-alive. */
    private static final byte[] HEADERS = ascii("\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "charset: UTF-8\r\nConnection: Keep-Alive\r\nContent-Length: ");

    private static final byte[] END = ascii("\r\n\r\n");

    private final String host;

    private final int port;

    private final byte[] hostHeader;

    private final int connectTimeout;

    private final int readTimeout;

    private final boolean retry;

    /** Wraps each socket in TLS for an {@code https://} server; {@code null} for plain HTTP. */
    private final @Nullable SSLSocketFactory tls;

    /** Checks the server's certificate against its name, as OkHttp does after each handshake. */
    private final HostnameVerifier verifier;

    /** Any method's URL of the bot, to derive the others' paths from. */
    private final HttpUrl methodUrl;

    /** By Bot API method name: its encoded path. As many entries as the methods the bot calls. */
    private final Map<String, byte[]> paths = new ConcurrentHashMap<>();

    /** Idle connections, the most recently used first. */
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    /** How many connections {@link #idle} holds ({@code ConcurrentLinkedDeque.size()} walks the deque). */
    private final AtomicInteger idleCount = new AtomicInteger();

    private BotApiHttp(HttpUrl server, OkHttpClient http) {
        this.methodUrl = server;
        this.host = server.host();
        this.port = server.port();
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean secure = server.isHttps();
        this.hostHeader = ascii(port == (secure ? 443 : 80) ? name : name + ":" + port);
        this.connectTimeout = http.connectTimeoutMillis();
        this.readTimeout = http.readTimeoutMillis();
        this.retry = http.retryOnConnectionFailure();
        this.tls = secure ? http.sslSocketFactory() : null;
        this.verifier = http.hostnameVerifier();
    }

    /**
     * The transport for a bot's server, or {@code null} when requests must go through OkHttp: the client
     * adds to a request (interceptors, a proxy, its own sockets, name resolution, cookies or a call
     * timeout; for {@code https://}, connection specs other than OkHttp's defaults or certificate
     * pins), or the JVM's proxy selector names a proxy for the server.
     *
     * @param server the URL of one of the bot's methods, such as {@code .../bot123:abc/getMe}
     * @param http the client the bot was given
     * @return the transport, or {@code null}
     */
    static @Nullable BotApiHttp forServer(HttpUrl server, OkHttpClient http) {
        if (!http.interceptors().isEmpty() || !http.networkInterceptors().isEmpty() || http.proxy() != null
                || http.socketFactory() != SocketFactory.getDefault() || http.dns() != Dns.SYSTEM
                || http.cookieJar() != CookieJar.NO_COOKIES || http.callTimeoutMillis() != 0
                || !direct(server.uri())) {
            return null;
        }
        if (server.isHttps() && (!DEFAULT_SPECS.equals(http.connectionSpecs())
                || !http.certificatePinner().getPins().isEmpty())) {
            return null;
        }
        return new BotApiHttp(server, http);
    }

    private static boolean direct(URI uri) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        try {
            List<Proxy> proxies = selector.select(uri);
            return proxies == null || proxies.isEmpty()
                    || proxies.stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    /**
     * A server's answer.
     *
     * @param status its HTTP status code
     * @param body its body, unzipped
     * @param contentType its {@code Content-Type}, if any
     */
    record Answer(int status, byte[] body, @Nullable String contentType) {
    }

    /**
     * Lets another thread end one call in progress (a long poll, when the bot stops): {@link #cancel()}
     * closes the call's connection, and the call fails with an {@link IOException} without another
     * attempt, as an OkHttp call does when cancelled. A call given one that is cancelled already fails
     * before it sends anything. One per call.
     */
    static final class Cancel {

        private volatile boolean cancelled;

        private volatile @Nullable Connection connection;

        /** Ends the call: closes its connection, or stops it before it sends. */
        void cancel() {
            cancelled = true;
            Connection c = connection;
            if (c != null) {
                c.close();
            }
        }

        boolean isCancelled() {
            return cancelled;
        }

        private void attach(Connection c) throws IOException {
            connection = c;
            if (cancelled) {
                throw new InterruptedIOException("The call was cancelled");
            }
        }
    }

    /**
     * Posts a JSON body.
     *
     * @param path the encoded path, such as {@code /bot123:abc/sendMessage}
     * @param body the JSON body
     * @return the answer, whatever its HTTP status (the Bot API's JSON tells the outcome)
     * @throws IOException if the request could not be made or the answer not read
     */
    Answer post(byte[] path, byte[] body) throws IOException {
        return post(path, body, null);
    }

    /**
     * Posts a JSON body in a call that another thread may end.
     *
     * @param path the encoded path, such as {@code /bot123:abc/getUpdates}
     * @param body the JSON body
     * @param cancel ends the call when cancelled, or {@code null}
     * @return the answer, whatever its HTTP status
     * @throws IOException if the request could not be made or the answer not read, or the call was cancelled
     */
    Answer post(byte[] path, byte[] body, @Nullable Cancel cancel) throws IOException {
        byte[] request = request(path, body);
        Connection reused = takeIdle();
        if (reused != null) {
            try {
                return exchange(reused, request, cancel);
            }
            catch (StaleConnectionException ex) {
                reused.close();
                if (cancel != null && cancel.isCancelled()) {
                    throw new InterruptedIOException("The call was cancelled");
                }
                if (!retry) {
                    throw ex;
                }
            }
            catch (IOException | RuntimeException ex) {
                reused.close();
                throw ex;
            }
        }
        Connection fresh = open();
        try {
            return exchange(fresh, request, cancel);
        }
        catch (StaleConnectionException ex) {
            fresh.close();
            throw (IOException) ex.getCause();
        }
        catch (IOException | RuntimeException ex) {
            fresh.close();
            throw ex;
        }
    }

    /**
     * The encoded path of one of the bot's methods, as the library builds it.
     *
     * @param method the Bot API method, such as {@code sendMessage}
     * @return the path, such as {@code /bot123:abc/sendMessage}
     */
    byte[] path(String method) {
        return paths.computeIfAbsent(method, name -> ascii(
                methodUrl.newBuilder().setPathSegment(methodUrl.pathSize() - 1, name).build().encodedPath()));
    }

    /** Closes the idle connections. Calls made later open new ones. */
    void closeIdle() {
        for (Connection c = pollIdle(); c != null; c = pollIdle()) {
            c.close();
        }
    }

    /** Idle connections now kept (for tests). */
    int idleConnections() {
        return idleCount.get();
    }

    private byte[] request(byte[] path, byte[] body) {
        byte[] length = ascii(Integer.toString(body.length));
        byte[] request = new byte[POST.length + path.length + HEADERS_START.length + hostHeader.length
                + HEADERS.length + length.length + END.length + body.length];
        int at = put(request, 0, POST);
        at = put(request, at, path);
        at = put(request, at, HEADERS_START);
        at = put(request, at, hostHeader);
        at = put(request, at, HEADERS);
        at = put(request, at, length);
        at = put(request, at, END);
        put(request, at, body);
        return request;
    }

    private static int put(byte[] to, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, to, at, bytes.length);
        return at + bytes.length;
    }

    /** The most recently used idle connection that is still young enough; older ones are closed. */
    private @Nullable Connection takeIdle() {
        long now = System.currentTimeMillis();
        for (Connection c = pollIdle(); c != null; c = pollIdle()) {
            if (now - c.idleSince <= MAX_IDLE_MILLIS && !c.socket.isClosed()) {
                closeExpired(now);
                return c;
            }
            c.close();
        }
        return null;
    }

    private @Nullable Connection pollIdle() {
        Connection c = idle.pollFirst();
        if (c != null) {
            idleCount.decrementAndGet();
        }
        return c;
    }

    /** Closes the connections at the idle end that waited too long, so that a quiet bot holds none. */
    private void closeExpired(long now) {
        for (Connection c = idle.peekLast(); c != null && now - c.idleSince > MAX_IDLE_MILLIS; c = idle.peekLast()) {
            if (idle.removeLastOccurrence(c)) {
                idleCount.decrementAndGet();
                c.close();
            }
        }
    }

    private void release(Connection c) {
        c.idleSince = System.currentTimeMillis();
        idle.offerFirst(c);
        if (idleCount.incrementAndGet() > MAX_IDLE_CONNECTIONS) {
            Connection extra = idle.pollLast();
            if (extra != null) {
                idleCount.decrementAndGet();
                extra.close();
            }
        }
    }

    /**
     * Opens a connection to the first of the server's addresses that accepts one, as OkHttp tries
     * its routes (an unreachable IPv6 address, then the IPv4 one).
     */
    private Connection open() throws IOException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        IOException failed = null;
        for (InetAddress address : addresses) {
            try {
                return open(address);
            }
            catch (ConnectException | NoRouteToHostException | SocketTimeoutException ex) {
                if (failed == null) {
                    failed = ex;
                }
                else {
                    failed.addSuppressed(ex);
                }
            }
        }
        throw failed != null ? failed : new UnknownHostException(host);
    }

    private Connection open(InetAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), connectTimeout);
            if (tls == null) {
                socket.setSoTimeout(readTimeout);
                return new Connection(socket);
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
            try {
                secure.setSoTimeout(connectTimeout);
                secure.startHandshake();
                if (!verifier.verify(host, secure.getSession())) {
                    throw new SSLPeerUnverifiedException("The Bot API server's certificate is not valid for " + host);
                }
                secure.setSoTimeout(readTimeout);
                return new Connection(secure);
            }
            catch (IOException | RuntimeException ex) {
                secure.close();
                throw ex;
            }
        }
        catch (IOException | RuntimeException ex) {
            socket.close();
            throw ex;
        }
    }

    private Answer exchange(Connection c, byte[] request, @Nullable Cancel cancel) throws IOException {
        if (cancel != null) {
            cancel.attach(c);
        }
        InputStream in = c.in;
        int first;
        try {
            c.out.write(request);
            c.out.flush();
            first = in.read();
        }
        catch (InterruptedIOException ex) {
            throw ex; // a timeout: the server may be working on it, so it is not sent again
        }
        catch (IOException ex) {
            throw new StaleConnectionException(ex);
        }
        if (first < 0) {
            throw new StaleConnectionException(new EOFException("the server closed the connection"));
        }
        String status = line(in, first);
        int code = status(status);
        while (code / 100 == 1) {
            skipHeaders(in);
            status = line(in, in.read());
            code = status(status);
        }
        boolean close = status.startsWith("HTTP/1.0");
        long length = -1;
        boolean chunked = false;
        boolean gzip = false;
        String contentType = null;
        for (String header = line(in, in.read()); !header.isEmpty(); header = line(in, in.read())) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("Malformed header line in the Bot API server's answer: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = contentLength(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "content-encoding" -> gzip = value.equalsIgnoreCase("gzip");
                case "content-type" -> contentType = value;
                default -> {
                    // not needed
                }
            }
        }
        byte[] body;
        if (code == 204 || code == 304) {
            body = new byte[0]; // no body, whatever the headers say
        }
        else if (chunked) {
            body = chunks(in);
        }
        else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("The Bot API server closed the connection after " + body.length + " of "
                        + length + " bytes of its answer");
            }
        }
        else {
            body = in.readAllBytes();
            close = true;
        }
        if (close || cancel != null && cancel.isCancelled()) {
            c.close();
        }
        else {
            release(c);
        }
        if (gzip) {
            try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = unzipped.readAllBytes();
            }
        }
        return new Answer(code, body, contentType);
    }

    private static int status(String line) throws IOException {
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("Malformed status line in the Bot API server's answer: " + line);
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        }
        catch (NumberFormatException ex) {
            throw new IOException("Malformed status line in the Bot API server's answer: " + line, ex);
        }
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw new IOException("Unsupported Content-Length in the Bot API server's answer: " + value);
            }
            return length;
        }
        catch (NumberFormatException ex) {
            throw new IOException("Malformed Content-Length in the Bot API server's answer: " + value, ex);
        }
    }

    private static void skipHeaders(InputStream in) throws IOException {
        for (String header = line(in, in.read()); !header.isEmpty(); header = line(in, in.read())) {
            // an interim answer's headers
        }
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        while (true) {
            String sizeLine = line(in, in.read());
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            }
            catch (NumberFormatException ex) {
                throw new IOException("Malformed chunk size in the Bot API server's answer: " + sizeLine, ex);
            }
            if (size < 0) {
                throw new IOException("Malformed chunk size in the Bot API server's answer: " + sizeLine);
            }
            if (size == 0) {
                skipHeaders(in);
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("The Bot API server closed the connection inside a chunk of its answer");
            }
            out.write(chunk);
            if (!line(in, in.read()).isEmpty()) {
                throw new IOException("Malformed chunk in the Bot API server's answer");
            }
        }
    }

    /** Reads a line whose first byte is {@code first}, without its CRLF (or LF). */
    private static String line(InputStream in, int first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = first; b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("The Bot API server closed the connection inside its answer");
            }
            if (b != '\r') {
                if (line.length() >= MAX_LINE) {
                    throw new IOException("A line of the Bot API server's answer is longer than " + MAX_LINE
                            + " bytes");
                }
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A kept-alive socket and its streams. */
    private static final class Connection {

        final Socket socket;

        final InputStream in;

        final OutputStream out;

        /** When it was last released, in epoch milliseconds. */
        long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new AnswerInput(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            }
            catch (IOException ex) {
                // closing anyway
            }
        }
    }

    /**
     * The buffer between a connection's socket and the reading of its answers. A connection serves one
     * call at a time, so it needs no lock: {@code BufferedInputStream.read()} takes one for every byte
     * of the status and header lines, which are read a byte at a time. Only the {@link Connection}
     * closes the socket.
     */
    private static final class AnswerInput extends InputStream {

        private final InputStream source;

        private final byte[] buffer = new byte[8192];

        private int position;

        private int limit;

        AnswerInput(InputStream source) {
            this.source = source;
        }

        /** Reads more into the empty buffer; {@code false} at the end of the stream. */
        private boolean fill() throws IOException {
            int n = source.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, to.length);
            if (length == 0) {
                return 0;
            }
            if (position == limit) {
                if (length >= buffer.length) {
                    return source.read(to, offset, length); // a large body: no copy through the buffer
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(limit - position, length);
            System.arraycopy(buffer, position, to, offset, n);
            position += n;
            return n;
        }
    }

    /** A kept-alive connection failed before any byte of the answer: the request may go again on a new one. */
    private static final class StaleConnectionException extends IOException {

        private static final long serialVersionUID = 1L;

        StaleConnectionException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
