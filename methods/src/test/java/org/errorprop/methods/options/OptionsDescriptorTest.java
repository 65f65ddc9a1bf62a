package org.errorprop.methods.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The descriptor framework on a record with one key of every type. */
class OptionsDescriptorTest {
    enum Shape { ROUND, SHARP_EDGED }

    record Options(double rate, int count, List<Integer> widths, Shape shape) {
        static final Options DEFAULTS = new Options(0.5, 3, List.of(8, 8), Shape.ROUND);
        static final OptionKey<Options, Double> RATE = OptionKey.of("rate", OptionType.NUMBER, Options::rate, "a rate");
        static final OptionKey<Options, Integer> COUNT = OptionKey.of("count", OptionType.INTEGER, Options::count, "a count");
        static final OptionKey<Options, List<Integer>> WIDTHS = OptionKey.of("widths", OptionType.INTEGERS, Options::widths,
                "widths");
        static final OptionKey<Options, Shape> SHAPE = OptionKey.of("shape", OptionType.choice(Shape.class), Options::shape,
                "a shape");
        static final OptionsDescriptor<Options> DESCRIPTOR = OptionsDescriptor.of(DEFAULTS,
                v -> new Options(v.get(RATE), v.get(COUNT), v.get(WIDTHS), v.get(SHAPE)), RATE, COUNT, WIDTHS, SHAPE);

        Options {
            widths = List.copyOf(widths);
            if (!(rate > 0)) {
                throw new InvalidInputException("rate must be positive, was " + rate);
            }
        }
    }

    private static final OptionsDescriptor<Options> D = Options.DESCRIPTOR;

    @Test
    void commandLineTextAndYamlValuesGiveTheSameRecord() {
        Options fromText = D.with("r", Options.DEFAULTS,
                Map.of("rate", "0.25", "count", "7", "widths", "4,5", "shape", "sharp-edged"));
        Options fromYaml = D.with("r", Options.DEFAULTS,
                Map.of("rate", 0.25, "count", 7, "widths", List.of(4, 5), "shape", "sharp-edged"));
        assertEquals(new Options(0.25, 7, List.of(4, 5), Shape.SHARP_EDGED), fromText);
        assertEquals(fromText, fromYaml);
    }

    @Test
    void keysNotGivenKeepTheBasesValues() {
        Options base = new Options(2.0, 1, List.of(), Shape.SHARP_EDGED);
        assertEquals(new Options(2.0, 9, List.of(), Shape.SHARP_EDGED), D.with("r", base, Map.of("count", "9")));
        assertSame(Options.DEFAULTS, D.defaults());
    }

    @Test
    void writtenValuesReadBackToTheSameRecord() {
        Options options = new Options(1e-3, 12, List.of(256, 1), Shape.SHARP_EDGED);
        Map<String, Object> written = D.write(options);
        assertEquals(List.of("rate", "count", "widths", "shape"), List.copyOf(written.keySet()), "declaration order");
        assertEquals("sharp-edged", written.get("shape"));
        assertEquals(List.of(256, 1), written.get("widths"));
        assertEquals(options, D.with("r", Options.DEFAULTS, written));
    }

    @Test
    void aKeyTheRuleDoesNotTakeNamesTheKeyTheFlagAndTheRule() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> D.with("my-rule", Options.DEFAULTS, Map.of("sg_at", "all")));
        assertTrue(error.getMessage().contains("sg_at") && error.getMessage().contains("--sg-at")
                && error.getMessage().contains("'my-rule'") && error.getMessage().contains("rate, count, widths, shape"),
                error.getMessage());
        InvalidInputException none = assertThrows(InvalidInputException.class,
                () -> OptionsDescriptor.none().with("plain", NoOptions.INSTANCE, Map.of("rate", "1")));
        assertTrue(none.getMessage().contains("'plain' takes none"), none.getMessage());
    }

    @Test
    void aBadValueIsOneLineSayingWhatWasExpected() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("rate", "fast");
        bad.put("count", "2.5");
        bad.put("widths", "4,x");
        bad.put("shape", "square");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> D.with("r", Options.DEFAULTS, Map.of(entry.getKey(), entry.getValue())), entry.toString());
            assertTrue(error.getMessage().startsWith("option " + entry.getKey() + " must be ")
                    && error.getMessage().contains("'" + entry.getValue().replace("4,", "") + "'")
                    && !error.getMessage().contains("\n"), error.getMessage());
        }
        InvalidInputException choices = assertThrows(InvalidInputException.class,
                () -> D.with("r", Options.DEFAULTS, Map.of("shape", "square")));
        assertTrue(choices.getMessage().contains("one of round, sharp-edged"), choices.getMessage());
        assertThrows(InvalidInputException.class, () -> D.with("r", Options.DEFAULTS, Map.of("widths", List.of(1, "2"))));
        assertThrows(InvalidInputException.class, () -> D.with("r", Options.DEFAULTS, Map.of("count", 2.0)));
    }

    @Test
    void theRecordValidatesTheCombinedValues() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> D.with("r", Options.DEFAULTS, Map.of("rate", "-1")));
        assertEquals("rate must be positive, was -1.0", error.getMessage());
    }

    @Test
    void describeListsFlagFormDefaultAndDescription() {
        assertEquals(List.of("--rate (a number, default 0.5): a rate", "--count (an integer, default 3): a count",
                "--widths (integers such as 256,256, default [8, 8]): widths",
                "--shape (one of round, sharp-edged, default round): a shape"), D.describe());
    }

    @Test
    void keysAreSnakeCaseAndDistinct() {
        assertThrows(IllegalArgumentException.class, () -> OptionKey.of("Rate", OptionType.NUMBER, Options::rate, ""));
        assertThrows(IllegalArgumentException.class, () -> OptionKey.of("sg-at", OptionType.NUMBER, Options::rate, ""));
        assertThrows(IllegalArgumentException.class, () -> OptionsDescriptor.of(Options.DEFAULTS,
                v -> Options.DEFAULTS, Options.RATE, Options.RATE));
        assertEquals("--synthesizer-hidden", OptionKey.flagOf("synthesizer_hidden"));
    }
}
