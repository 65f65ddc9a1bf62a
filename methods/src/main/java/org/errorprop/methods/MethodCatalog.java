package org.errorprop.methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.feedback.DirectFeedbackAlignment;
import org.errorprop.methods.feedback.FeedbackAlignment;
import org.errorprop.methods.feedback.Kickback;
import org.errorprop.methods.shallow.Shallow;
import org.errorprop.methods.signsymmetric.SignSymmetricFeedback;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * Finds propagation rules by their CLI name. Adding a rule is one class plus one line in
 * {@link #standard()}.
 */
public final class MethodCatalog {
    private final Map<String, Function<MethodOptions, Method>> factories;

    private MethodCatalog(Map<String, Function<MethodOptions, Method>> factories) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    /** Every rule errorprop ships. */
    public static MethodCatalog standard() {
        Map<String, Function<MethodOptions, Method>> rules = new LinkedHashMap<>();
        rules.put(Backprop.NAME, options -> new Backprop());
        rules.put(SyntheticGradients.SG, SyntheticGradients::unconditioned);
        rules.put(SyntheticGradients.CSG, SyntheticGradients::conditioned);
        rules.put(SyntheticGradients.SG_PROP, SyntheticGradients::withPropagation);
        rules.put(SyntheticGradients.SG_PROP_ONLY, SyntheticGradients::propagationOnly);
        rules.put(FeedbackAlignment.NAME, FeedbackAlignment::new);
        rules.put(DirectFeedbackAlignment.NAME, DirectFeedbackAlignment::new);
        rules.put(Kickback.NAME, options -> new Kickback());
        rules.put(Shallow.NAME, options -> new Shallow());
        rules.put(SignSymmetricFeedback.NAME, options -> new SignSymmetricFeedback());
        return new MethodCatalog(rules);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** A fresh method for {@code name} with default options. */
    public Method create(String name) {
        return create(name, MethodOptions.defaults());
    }

    /** A fresh method for {@code name}; an unknown name is a user's mistake and says what is known. */
    public Method create(String name, MethodOptions options) {
        Function<MethodOptions, Method> factory = factories.get(name);
        if (factory == null) {
            throw new InvalidInputException("unknown method '" + name + "'; known methods: " + String.join(", ", names()));
        }
        return factory.apply(options);
    }
}
