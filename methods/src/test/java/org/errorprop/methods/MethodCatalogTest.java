package org.errorprop.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.feedback.FeedbackAlignment;
import org.errorprop.methods.feedback.FeedbackOptions;
import org.junit.jupiter.api.Test;

class MethodCatalogTest {

    @Test
    void knowsBackpropByName() {
        MethodCatalog catalog = MethodCatalog.standard();
        assertTrue(catalog.names().contains("backprop"), catalog.names().toString());
        Method method = catalog.create("backprop");
        assertInstanceOf(Backprop.class, method);
        assertEquals("backprop", method.name());
    }

    @Test
    void knowsThePapersRules() {
        List<String> names = MethodCatalog.standard().names();
        for (String name : List.of("backprop", "sg", "fa", "dfa", "kickback")) {
            assertTrue(names.contains(name), name + " missing from " + names);
        }
    }

    @Test
    void everyRegisteredNameCreatesAMethodOfThatName() {
        MethodCatalog catalog = MethodCatalog.standard();
        for (String name : catalog.names()) {
            assertEquals(name, catalog.create(name).name());
            assertTrue(name.matches("[a-z0-9]+(-[a-z0-9]+)*"), "not lower-kebab: " + name);
        }
        assertEquals(catalog.names().size(), catalog.names().stream().distinct().count());
    }

    @Test
    void theShippedRulesKeepTheirOrder() {
        // The order of the service lines: `info` and the defaults show the rules in this order.
        assertEquals(List.of("backprop", "sg", "csg", "sg-prop", "sg-prop-only", "fa", "dfa", "kickback", "shallow",
                "sign-symmetric"), MethodCatalog.standard().names());
    }

    @Test
    void eachRuleTakesItsOwnKeysOnly() {
        MethodCatalog catalog = MethodCatalog.standard();
        assertEquals(List.of("fa", "dfa"), catalog.rulesTaking("feedback_scale"));
        assertEquals(List.of("sg-prop"), catalog.rulesTaking("sg_alpha"));
        assertEquals(List.of("sg", "csg", "sg-prop", "sg-prop-only"), catalog.rulesTaking("sg_at"));
        assertEquals(Map.of("feedback_scale", 1.0), catalog.choose("dfa").optionValues());
        assertEquals(Map.of(), catalog.choose("backprop").optionValues());
        assertTrue(catalog.source("dfa").isEmpty(), "a shipped rule has no plugin jar");
    }

    @Test
    void chosenOptionsReachTheRule() {
        ChosenMethod<?> chosen = MethodCatalog.standard().choose("fa").with(Map.of("feedback_scale", "2.5"));
        assertEquals(new FeedbackOptions(2.5), chosen.options());
        assertEquals(chosen, MethodCatalog.standard().choose("fa").with(Map.of("feedback_scale", 2.5)));
        assertInstanceOf(FeedbackAlignment.class, chosen.create());
    }

    @Test
    void aLoaderThatDefinesNoRuleIsAUserMistake() {
        // A loader below methods' own sees methods' service file but defines none of its providers: no rule of its own.
        ClassLoader empty = new java.net.URLClassLoader(new java.net.URL[0], MethodCatalog.class.getClassLoader());
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> MethodCatalog.standard().withRulesFrom(empty, "empty.jar"));
        assertTrue(error.getMessage().startsWith("empty.jar declares no errorprop rule")
                && error.getMessage().contains("META-INF/services/org.errorprop.methods.MethodProvider"), error.getMessage());
    }

    @Test
    void createGivesAFreshMethodEachTime() {
        MethodCatalog catalog = MethodCatalog.standard();
        assertNotSame(catalog.create("backprop"), catalog.create("backprop"));
    }

    @Test
    void namesAreImmutable() {
        List<String> names = MethodCatalog.standard().names();
        assertThrows(UnsupportedOperationException.class, () -> names.add("sneaky"));
    }

    @Test
    void anUnknownNameThrowsListingTheKnownOnes() {
        MethodCatalog catalog = MethodCatalog.standard();
        for (String unknown : new String[] {"backpropagation", "Backprop", "", "dni"}) {
            InvalidInputException thrown = assertThrows(InvalidInputException.class, () -> catalog.create(unknown));
            assertTrue(thrown.getMessage().contains("'" + unknown + "'"), thrown.getMessage());
            for (String known : catalog.names()) {
                assertTrue(thrown.getMessage().contains(known), thrown.getMessage());
            }
        }
    }
}
