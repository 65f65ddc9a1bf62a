package org.errorprop.methods.options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.errorprop.framework.InvalidInputException;

/**
 * How one kind of option value is read and written. A value arrives either as command-line text
 * ({@code "0.2"}, {@code "256,256"}) or as a parsed YAML value (a number, a list, a string); it is
 * written back as a YAML value that {@link #read} accepts again.
 *
 * @param <T> the typed value
 */
public interface OptionType<T> {

    /** The typed value of {@code raw} (text or a YAML value) for option {@code key}; a bad value is a user's mistake. */
    T read(String key, Object raw);

    /** A YAML value for {@code value}: a Number, a String, or a List of those. */
    Object write(T value);

    /** What the value looks like, for help and error messages, e.g. {@code "a number"}. */
    String form();

    /** A double: a YAML number or text such as {@code 1e-3}. */
    OptionType<Double> NUMBER = new OptionType<>() {
        @Override
        public Double read(String key, Object raw) {
            if (raw instanceof Number number) {
                return number.doubleValue();
            }
            if (raw instanceof String text) {
                try {
                    return Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw wrong(key, this, raw);
        }

        @Override
        public Object write(Double value) {
            return value;
        }

        @Override
        public String form() {
            return "a number";
        }
    };

    /** An int: a YAML integer or text such as {@code 3}. */
    OptionType<Integer> INTEGER = new OptionType<>() {
        @Override
        public Integer read(String key, Object raw) {
            if (raw instanceof Integer value) {
                return value;
            }
            if (raw instanceof String text) {
                try {
                    return Integer.parseInt(text.strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw wrong(key, this, raw);
        }

        @Override
        public Object write(Integer value) {
            return value;
        }

        @Override
        public String form() {
            return "an integer";
        }
    };

    /** A list of ints: a YAML list such as {@code [256, 256]} or text such as {@code 256,256}. */
    OptionType<List<Integer>> INTEGERS = new OptionType<>() {
        @Override
        public List<Integer> read(String key, Object raw) {
            List<Integer> values = new ArrayList<>();
            if (raw instanceof List<?> list) {
                for (Object element : list) {
                    if (!(element instanceof Integer value)) {
                        throw wrong(key, this, raw);
                    }
                    values.add(value);
                }
                return List.copyOf(values);
            }
            if (raw instanceof Integer single) {
                return List.of(single);
            }
            if (raw instanceof String text) {
                if (text.isBlank()) {
                    return List.of();
                }
                for (String part : text.split(",")) {
                    values.add(INTEGER.read(key, part));
                }
                return List.copyOf(values);
            }
            throw wrong(key, this, raw);
        }

        @Override
        public Object write(List<Integer> value) {
            return new ArrayList<>(value);
        }

        @Override
        public String form() {
            return "integers such as 256,256";
        }
    };

    /** One constant of {@code type}, named in lower kebab case ({@code LABEL_ONLY} is {@code label-only}). */
    static <E extends Enum<E>> OptionType<E> choice(Class<E> type) {
        Function<E, String> name = constant -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String names = Arrays.stream(type.getEnumConstants()).map(name).collect(Collectors.joining(", "));
        return text("one of " + names, text -> {
            for (E constant : type.getEnumConstants()) {
                if (name.apply(constant).equals(text)) {
                    return constant;
                }
            }
            return null;
        }, name);
    }

    /**
     * A value written as one piece of text; {@code parse} returns {@code null} for text it does not accept,
     * or throws {@link InvalidInputException} with its own message. A YAML number is read as its text.
     */
    static <T> OptionType<T> text(String form, Function<String, T> parse, Function<T, String> format) {
        return new OptionType<>() {
            @Override
            public T read(String key, Object raw) {
                if (raw instanceof String || raw instanceof Number) {
                    T value = parse.apply(String.valueOf(raw).strip());
                    if (value != null) {
                        return value;
                    }
                }
                throw wrong(key, this, raw);
            }

            @Override
            public Object write(T value) {
                return format.apply(value);
            }

            @Override
            public String form() {
                return form;
            }
        };
    }

    private static InvalidInputException wrong(String key, OptionType<?> type, Object raw) {
        return new InvalidInputException("option " + key + " must be " + type.form() + ", was '" + raw + "'");
    }
}
