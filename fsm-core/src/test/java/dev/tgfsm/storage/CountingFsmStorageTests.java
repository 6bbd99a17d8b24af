package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Runs the storage contract through {@link CountingFsmStorage} wrapping the in-memory backend, and
 * tests the counting itself.
 */
class CountingFsmStorageTests extends FsmStorageContractTests {

    /** The core and every optional capability: the interfaces a decorator forwards. */
    private static final Class<?>[] CAPABILITIES = {FsmStorage.class, CounterStorage.class, ThrottleStorage.class,
            DeadlineIndex.class, PrivacyStorage.class};

    /** Lookups of capabilities, answered by the decorator: tested apart. */
    private static final Set<String> LOOKUPS = Set.of("capability");

    /** Properties of the store, forwarded but not counted: a new one goes here. */
    private static final Set<String> PROPERTIES = Set.of("commitsDeadlines", "throttlesWithLock", "throttlesWithLoad",
            "userData", "loadsTogether", "writesTogether");

    @Override
    protected FsmStorage createStorage(StorageConfig settings) {
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
    void forwardsEveryMethodOfEveryCapabilityToTheSameMethodOfTheDelegate() throws Exception {
        List<String> called = Collections.synchronizedList(new ArrayList<>());
        FsmStorage recorder = (FsmStorage) Proxy.newProxyInstance(getClass().getClassLoader(), CAPABILITIES,
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return Optional.of(proxy);
                    }
                    called.add(method.getName());
                    return defaultValue(method.getReturnType());
                });
        CountingFsmStorage counted = new CountingFsmStorage(recorder);
        long expectedTotal = 0;
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Class<?> capability : CAPABILITIES) {
            for (Method method : capability.getMethods()) {
                methods.putIfAbsent(method.getName() + List.of(method.getParameterTypes()), method);
            }
        }
        assertThat(methods).as("the SPI's methods, overloads apart").hasSizeGreaterThanOrEqualTo(35);
        for (Method method : methods.values()) {
            if (Modifier.isStatic(method.getModifiers()) || LOOKUPS.contains(method.getName())) {
                continue;
            }
            called.clear();
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = defaultValue(method.getParameterTypes()[i]);
            }
            long before = counted.count(method.getName());
            method.invoke(counted, args);

            int counts = PROPERTIES.contains(method.getName()) ? 0 : 1;
            assertThat(called).as(method.getName() + " is forwarded as itself").containsExactly(method.getName());
            assertThat(counted.count(method.getName())).as("overloads count under one name").isEqualTo(before + counts);
            expectedTotal += counts;
        }
        assertThat(counted.total()).isEqualTo(expectedTotal);
    }

    @Test
    void reportsTheCapabilitiesOfTheDelegateAndTheFallbacks() {
        CountingFsmStorage full = new CountingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults()));
        for (Class<?> capability : CAPABILITIES) {
            assertThat(full.capability(capability)).as(capability.getSimpleName()).get().isSameAs(full);
        }

        FsmStorage core = (FsmStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{FsmStorage.class}, (proxy, method, args) -> method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args) : defaultValue(method.getReturnType()));
        CountingFsmStorage bare = new CountingFsmStorage(core);
        assertThat(bare.capability(ThrottleStorage.class)).as("throttling falls back on records").containsSame(bare);
        assertThat(bare.capability(DeadlineIndex.class)).as("the index falls back on a record").containsSame(bare);
        assertThat(bare.capability(CountingFsmStorage.class)).as("the decorator itself").get().isSameAs(bare);
        assertThat(bare.capability(CounterStorage.class)).isEmpty();
        assertThat(bare.capability(PrivacyStorage.class)).isEmpty();
        assertThat(bare.commitsDeadlines()).isFalse();
        assertThatThrownBy(() -> FsmStorage.require(bare, CounterStorage.class, "the fixed-window limit (tgfsm.x=y)"))
                .isInstanceOf(MissingCapabilityException.class).hasMessageContaining("CounterStorage")
                .hasMessageContaining("the fixed-window limit (tgfsm.x=y)")
                .hasMessageContaining(core.getClass().getName()).hasMessageNotContaining("Counting");
        assertThatThrownBy(() -> bare.increment("c", 1, null)).isInstanceOf(MissingCapabilityException.class);
        assertThatThrownBy(bare::userData).isInstanceOf(MissingCapabilityException.class)
                .hasMessageContaining("PrivacyStorage");
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
        counting().increment("c", 1, null);

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
