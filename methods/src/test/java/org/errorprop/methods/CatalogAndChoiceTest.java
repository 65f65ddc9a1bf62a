package org.errorprop.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;
import org.junit.jupiter.api.Test;

/** The catalog's look-ups and a chosen rule's identity, within methods (the CLI's tests cover --plugin). */
class CatalogAndChoiceTest {

    @Test
    void builtInRulesHaveNoSourceAndTheirProvidersDescribeTheirOptions() {
        MethodCatalog catalog = MethodCatalog.standard();
        assertEquals(Optional.empty(), catalog.source("dfa"));
        MethodProvider<?> dfa = catalog.provider("dfa");
        assertEquals("dfa", dfa.name());
        assertEquals(List.of("feedback_scale"), dfa.options().keyNames());
        assertEquals(1, dfa.options().keys().size());
        assertTrue(catalog.provider("backprop").options().keys().isEmpty());
    }

    @Test
    void aChosenRuleKnowsItsNameItsKeysAndItsIdentity() {
        MethodCatalog catalog = MethodCatalog.standard();
        ChosenMethod<?> csg = catalog.choose("csg");
        assertEquals("csg", csg.name());
        assertTrue(csg.takes("sg_at"));
        assertFalse(csg.takes("feedback_scale"));
        assertFalse(catalog.choose("backprop").takes("sg_at"));
        ChosenMethod<?> again = catalog.choose("csg");
        assertEquals(csg, again);
        assertEquals(csg.hashCode(), again.hashCode());
        ChosenMethod<?> other = csg.with(Map.of("sg_at", "all"));
        assertNotEquals(csg, other);
        assertNotEquals(csg.hashCode(), other.hashCode());
        assertTrue(other.toString().startsWith("csg {"), other.toString());
        assertTrue(other.toString().contains("sg_at=all"), other.toString());
    }

    @Test
    void aLoaderWithoutRulesOrWithBrokenOnesIsOneClearMistakeNamingItsSource() throws Exception {
        MethodCatalog catalog = MethodCatalog.standard();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> catalog.withRulesFrom(empty, "empty.jar"));
            assertTrue(e.getMessage().startsWith("empty.jar declares no errorprop rule"), e.getMessage());
        }
        // methods' own classes seen by a loader of their own: its providers are not the catalog's MethodProvider
        URL ownClasses = MethodCatalog.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {ownClasses}, null)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> catalog.withRulesFrom(isolated, "isolated.jar"));
            assertTrue(e.getMessage().startsWith("isolated.jar"), e.getMessage());
        }
    }

    @Test
    void aSyntheticGradientVariantIsFoundByItsName() {
        for (String name : List.of(SyntheticGradients.SG, SyntheticGradients.CSG, SyntheticGradients.SG_PROP,
                SyntheticGradients.SG_PROP_ONLY)) {
            assertEquals(name, SyntheticGradients.named(name, SyntheticGradientOptions.DEFAULTS).name());
        }
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticGradients.named("dfa", SyntheticGradientOptions.DEFAULTS));
    }
}
