package org.errorprop.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggedProgressTest {

    @Test
    void aTaskSaysItsStartEachTenthOnceAndItsEndEvenWithStepsFromManyThreads() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long[] now = {0};
        Progress progress = LoggedProgress.on(log, () -> now[0] += 1_000_000_000L).open("fig4: training", 1000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    progress.step();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        progress.message("ignored in a log");
        progress.close();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("fig4: training: started (1000 steps)", lines.get(0));
        assertEquals(1 + 9 + 1, lines.size(), "the start, 10% to 90% once each, the end: " + lines);
        for (int tenth = 1; tenth <= 9; tenth++) {
            int percent = tenth * 10;
            assertEquals(1, lines.stream().filter(l -> l.startsWith("fig4: training: " + percent + "% ")).count(),
                    percent + "% said once");
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("fig4: training: done, 1000 of 1000 steps in "),
                lines.get(lines.size() - 1));
    }
}
