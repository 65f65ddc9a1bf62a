package org.errorprop.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.backprop.Backprop;
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
