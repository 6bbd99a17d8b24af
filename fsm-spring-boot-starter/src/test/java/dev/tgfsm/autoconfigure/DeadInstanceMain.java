package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.telegram.TestUpdates;

/**
 * A bot instance in its own JVM that is going to be killed ({@link DeadInstanceOrderIT}): the
 * starter's application context on a shared store ({@link CrossInstanceStore}, the same set-up the
 * test's own instances use), given a list of updates. An update marked {@code commit} is handled
 * like every instance handles it ({@link #append}); one marked {@code hold} keeps its handler
 * running until the process dies (a slow handler: the conversation's lock stays taken and renewed).
 * It prints {@code handling <id>} when a held update's handler starts, {@code waiting <id>} when an
 * update's lock request first found the conversation busy (its turn is announced), and
 * {@code committed <id>} when an update is done.
 *
 * <p>Arguments: the store's {@link CrossInstanceStore#args()}, {@code --}, then the updates in the
 * order they arrive, each {@code commit:<user>:<update id>:<number>} or
 * {@code hold:<user>:<update id>:<number>}.
 */
public final class DeadInstanceMain {

    private DeadInstanceMain() {
    }

    /**
     * What every instance does with an update of these tests: appends the message's number to the
     * user's {@code seen} list, adds it to {@code sum} and moves to state {@code Step:<number>}.
     *
     * @param update the update
     */
    static void append(UpdateContext update) {
        int n = Integer.parseInt(update.update().getMessage().getText());
        FsmContext context = update.context();
        List<Object> seen = new ArrayList<>();
        if (context.getData().get("seen") instanceof List<?> list) {
            seen.addAll(list);
        }
        seen.add(n);
        Object sum = context.getData().getOrDefault("sum", 0);
        context.updateData(Map.of("seen", seen, "sum", ((Number) sum).intValue() + n));
        context.setState("Step:" + n);
    }

    /**
     * Runs the instance until it is killed.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        List<String> all = List.of(args);
        int split = all.indexOf("--");
        CrossInstanceStore store = CrossInstanceStore.fromArgs(all.subList(0, split));
        List<String[]> plan = all.subList(split + 1, all.size()).stream().map(s -> s.split(":")).toList();
        Set<Integer> held = ConcurrentHashMap.newKeySet();
        plan.stream().filter(p -> p[0].equals("hold")).forEach(p -> held.add(Integer.parseInt(p[2])));
        UpdateHandler handler = update -> {
            int id = update.update().getUpdateId();
            if (held.contains(id)) {
                say("handling " + id);
                Thread.sleep(Long.MAX_VALUE);
            }
            append(update);
        };
        store.with("tgfsm.dispatcher.threads=" + (plan.size() + 4), "tgfsm.isolation.lock-wait=600s").runner()
                .withBean(UpdateHandler.class, () -> handler)
                .withBean("waiting", BeanPostProcessor.class, () -> new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String beanName) {
                        return bean instanceof FsmStorage storage && !(bean instanceof ForwardingFsmStorage)
                                ? new Telling(storage) : bean;
                    }
                }).run(context -> {
                    if (context.getStartupFailure() != null) {
                        context.getStartupFailure().printStackTrace();
                        System.exit(2);
                    }
                    UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
                    for (String[] p : plan) {
                        int id = Integer.parseInt(p[2]);
                        dispatcher.submit(TestUpdates.message(id, Long.parseLong(p[1]), p[3]))
                                .thenRun(() -> say("committed " + id));
                    }
                    say("submitted " + plan.size());
                    Thread.sleep(Long.MAX_VALUE);
                });
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Prints the first busy answer of each update's lock requests. */
    private static final class Telling extends ForwardingFsmStorage {

        private final Set<Long> told = ConcurrentHashMap.newKeySet();

        Telling(FsmStorage delegate) {
            super(delegate);
        }

        @Override
        public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
            return tell(lease, super.lockAndLoad(lockKey, lease, keys));
        }

        @Override
        public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
                ThrottleRequest throttle) {
            return tell(lease, super.lockAndLoad(lockKey, lease, keys, throttle));
        }

        private LockAttempt tell(Lease lease, LockAttempt attempt) {
            if (!attempt.acquired() && lease.hasTurn() && told.add(lease.turn())) {
                say("waiting " + lease.turn());
            }
            return attempt;
        }
    }
}
