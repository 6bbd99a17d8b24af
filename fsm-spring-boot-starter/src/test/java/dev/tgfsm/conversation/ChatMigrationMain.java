package dev.tgfsm.conversation;

import dev.tgfsm.feature.FeatureMigrationJobMain;
import dev.tgfsm.storage.FsmStorage;

/**
 * A {@link ChatMigration} as its own JVM, for a crash test: moves one bot's conversations from one
 * chat to another and prints {@code moved <n>}.
 *
 * <p>Arguments: {@code redis <url> <key prefix>} or {@code jdbc <url> <table prefix>}, then the bot
 * id, the old chat and the new chat.
 */
public final class ChatMigrationMain {

    private ChatMigrationMain() {
    }

    /**
     * Runs the move.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        FsmStorage storage = FeatureMigrationJobMain.storage(args[0], args[1], args[2]);
        int moved = new ChatMigration(storage).migrate(Long.parseLong(args[3]), Long.parseLong(args[4]),
                Long.parseLong(args[5]));
        System.out.println("moved " + moved);
        System.out.flush();
        System.exit(0);
    }
}
