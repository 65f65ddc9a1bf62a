package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Percentages: two decimals from 99% on, where the probes' 99.9% criterion is decided; never "100%" below 1. */
class SettingsSectionTest {

    @Test
    void onlyAPerfectScoreReadsOneHundredPercent() {
        assertEquals("98.5%", SettingsSection.percent(0.985));
        assertEquals("100.0%", SettingsSection.percent(1.0));
        assertEquals("99.97%", SettingsSection.percent(7994.0 / 7996));
        assertEquals("99.99%", SettingsSection.percent(0.99999));
        assertEquals("99.90%", SettingsSection.percent(0.999));
        assertEquals("98.9%", SettingsSection.percent(0.989));
    }
}
