package dev.tgfsm.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.callback.CallbackCodec;

/**
 * Checks that the record types of a router's typed callback routes have different prefixes: two
 * types with one prefix would read each other's buttons.
 */
final class CallbackPrefixes {

    private CallbackPrefixes() {
    }

    static void check(List<Route> routes) {
        Map<String, Class<?>> types = new HashMap<>();
        for (Route route : routes) {
            CallbackCodec<?> codec = route.callbackType();
            if (codec == null) {
                continue;
            }
            Class<?> other = types.putIfAbsent(codec.prefix(), codec.type());
            if (other != null && other != codec.type()) {
                throw new FsmConfigurationException("Callback data types " + other.getName() + " and "
                        + codec.type().getName() + " share the prefix '" + codec.prefix() + "', so each would read"
                        + " the other's buttons; give one a different @CallbackPrefix");
            }
        }
    }
}
