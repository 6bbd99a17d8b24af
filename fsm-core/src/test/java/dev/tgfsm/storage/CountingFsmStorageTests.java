package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Runs the storage contract through {@link CountingFsmStorage} wrapping the in-memory backend, and
 * tests the counting itself.
 */
class CountingFsmStorageTests extends FsmStorageContractTests {

    @Override
    protected FsmStorage createStorage(StorageSettings settings) {
        return new CountingFsmStorage(new InMemoryFsmStorage(settings));
    }

    private CountingFsmStorage counting() {
        return (CountingFsmStorage) storage();
    }

    @Test
    void constructorRejectsMissingDelegate() {
        assertThatThrownBy(() -> new CountingFsmStorage(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("delegate");
    }

    @Test
    void forwardsEveryMethodToTheSameMethodOfTheDelegate() throws Exception {
        List<String> called = Collections.synchronizedList(new ArrayList<>());
        FsmStorage recorder = (FsmStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FsmStorage.class}, (proxy, method, args) -> {
                    called.add(method.getName());
                    return defaultValue(method.getReturnType());
                });
        CountingFsmStorage counted = new CountingFsmStorage(recorder);
        long expectedTotal = 0;
        for (Method method : FsmStorage.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            called.clear();
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = defaultValue(method.getParameterTypes()[i]);
            }
            long before = counted.count(method.getName());
            method.invoke(counted, args);

            boolean capability = method.getName().equals("commitsDeadlines") || method.getName().equals("throttlesWithLock")
                    || method.getName().equals("throttlesWithLoad") || method.getName().equals("userData")
                    || method.getName().equals("loadsTogether");
            int counts = capability ? 0 : 1;
            assertThat(called).as(method.getName() + " is forwarded as itself").containsExactly(method.getName());
            assertThat(counted.count(method.getName())).as("overloads count under one name").isEqualTo(before + counts);
            expectedTotal += counts;
        }
        assertThat(counted.total()).isEqualTo(expectedTotal);
    }

    private static Object defaultValue(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        return null;
    }

    @Test
    void countsCallsPerMethodAndResets() {
        counting().reset();
        storage().setState(key(1), "A");
        storage().getState(key(1));
        storage().getState(key(2));
        storage().increment("c", 1, null);

        assertThat(counting().count("getState")).isEqualTo(2);
        assertThat(counting().count("setState")).isEqualTo(1);
        assertThat(counting().count("save")).as("the delegate's own calls are not counted").isZero();
        assertThat(counting().total()).isEqualTo(4);
        assertThat(counting().snapshot()).containsExactly(Map.entry("getState", 2L), Map.entry("increment", 1L),
                Map.entry("setState", 1L));

        counting().reset();
        assertThat(counting().total()).isZero();
        assertThat(counting().snapshot()).isEmpty();
        assertThat(counting().count("getState")).isZero();
    }

    @Test
    void countsFailedCallsToo() {
        counting().reset();
        put(key(1), record("A", Map.of()), 0);

        assertThatThrownBy(() -> put(key(1), record("B", Map.of()), 0)).isInstanceOf(FsmConflictException.class);

        assertThat(counting().count("save")).isEqualTo(2);
    }

    @Test
    void countsExactlyUnderConcurrency() throws Exception {
        counting().reset();
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                storage().getState(key(t));
            }
        });

        assertThat(counting().count("getState")).isEqualTo((long) THREADS * operations());
        assertThat(counting().total()).isEqualTo((long) THREADS * operations());
    }
}
