package dev.tgfsm.telegram;

import okhttp3.OkHttpClient;

/**
 * {@link BotApiPollingTests} on OkHttp, which carries the long polls when the client adds to a
 * request (here an interceptor; in the intake, a proxy the JVM's proxy selector names).
 */
class BotApiPollingOkHttpTests extends BotApiPollingTests {

    @Override
    OkHttpClient client(OkHttpClient intakes) {
        return intakes.newBuilder().addInterceptor(chain -> chain.proceed(chain.request())).build();
    }

    @Override
    boolean onOkHttp() {
        return true;
    }
}
