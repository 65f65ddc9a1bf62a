package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Percentages never show a fraction below 1 as "100.0%" (the raw-pixel probe's 7,994 of 7,996 did). */
class SettingsSectionTest {

    @Test
    void onlyAPerfectScoreReadsOneHundredPercent() {
        assertEquals("98.5%", SettingsSection.percent(0.985));
        assertEquals("100.0%", SettingsSection.percent(1.0));
        assertEquals("99.97%", SettingsSection.percent(7994.0 / 7996));
        assertEquals("99.99%", SettingsSection.percent(0.99999));
        assertEquals("99.9%", SettingsSection.percent(0.999));
    }
}
