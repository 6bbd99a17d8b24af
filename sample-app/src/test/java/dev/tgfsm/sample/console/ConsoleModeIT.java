package dev.tgfsm.sample.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.sample.SampleBotApplication;

/**
 * Console mode through its standard input and output: a scripted session types to the sample bot
 * (no token, SQLite file) and the printed transcript is asserted; a second run on the same file
 * continues the conversation.
 */
class ConsoleModeIT {

    @TempDir
    Path dir;

    @Test
    void scriptedSessionShowsRepliesButtonsAndStateAndASecondRunContinues() throws Exception {
        String first = session("/start", "2", "2", "many", "12", "/quit");
        assertThat(first).startsWith("tgfsm sample bot, console mode.")
                .contains("[no state] you> bot> Welcome to the tgfsm sample bot! Pick something to try:\n"
                        + "       [1] Register\n       [2] Order\n")
                .contains("bot> What product do you want to order?\n       [1] Widget\n       [2] Gadget\n")
                .containsPattern("\\[order:product] you> {7}\\(cleaned up message\\(s\\) \\[\\d+]\\)\n"
                        + "bot> How many Gadget do you want\\? \\(1-100\\)")
                .contains("[order:quantity] you> bot> Please enter a whole number")
                .contains("[order:quantity] you> bot> What is your delivery address?\n[order:address] you> \nbye");
        assertThat(first).as("the stale keyboard is deleted before the next prompt, both after the commit")
                .containsPattern("\\(cleaned up message\\(s\\) \\[\\d+]\\)");

        String second = session("5 Main Street, Oslo", "/quit");
        assertThat(second).contains("[order:address] you> bot> Order placed!\n     Product: Gadget\n"
                + "     Quantity: 12\n     Address: 5 Main Street, Oslo\n[no state] you> \nbye");
    }

    @Test
    void aButtonShownBeforeARestartIsPressedByItsNumberAfterIt() throws Exception {
        String first = session("/start", "/quit");
        assertThat(first).contains("[1] Register\n       [2] Order\n");

        String second = session("2", "/quit");
        assertThat(second).as("'2' presses Order of the keyboard the first run showed")
                .contains("bot> What product do you want to order?");
    }

    private String session(String... lines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleBotApplication.class)
                .web(WebApplicationType.NONE).run("--sample.console.enabled=false",
                        "--tgfsm.restart-notice.enabled=false",
                        "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("console.db"),
                        "--sample.console.keyboard-file=" + dir.resolve("console-keyboard.txt"))) {
            String script = String.join("\n", lines) + "\n";
            context.getBean(ConsoleRunner.class).run(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
