package dev.tgfsm.annotation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects what test handlers saw.
 */
class Recorder {

    final List<String> calls = new CopyOnWriteArrayList<>();

    void add(String call) {
        calls.add(call);
    }
}
