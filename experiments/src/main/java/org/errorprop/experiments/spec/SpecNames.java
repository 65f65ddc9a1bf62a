package org.errorprop.experiments.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.errorprop.framework.InvalidInputException;

/** Lower-kebab names of enum constants, the only place where spec strings meet enums. */
public final class SpecNames {
    private SpecNames() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String what, String name) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(name)) {
                return constant;
            }
        }
        throw new InvalidInputException("unknown " + what + " '" + name + "'; expected one of: "
                + Arrays.stream(type.getEnumConstants()).map(SpecNames::of).collect(Collectors.joining(", ")));
    }
}
