package org.errorprop.experiments.reproduce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errorprop.framework.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The pre-registered criteria: {@code paper-notes/criteria.yaml}, committed on its own before the run it judges, and
 * packed into errorprop.jar at build time. A claim counts only when its criterion is registered word for word under
 * its experiment and finding ({@link #registrationOf}); the report names the file's SHA-256 so that a reader can find
 * the commit that registered it ({@code git log -- paper-notes/criteria.yaml}).
 */
public final class CriteriaRegistry {
    /** Where the build puts the file inside the jar. */
    public static final String RESOURCE = "/org/errorprop/experiments/reproduce/criteria.yaml";

    private final Map<String, RegisteredCriterion> byKey;
    private final String sha256;

    private CriteriaRegistry(Map<String, RegisteredCriterion> byKey, String sha256) {
        this.byKey = byKey;
        this.sha256 = sha256;
    }

    /** The registry packed into this build. */
    public static CriteriaRegistry packaged() {
        try (InputStream in = CriteriaRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this build has no " + RESOURCE + " (the experiments module's build"
                        + " copies it from paper-notes/criteria.yaml)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the packaged criteria: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the registry's YAML: {@code claims:} a list of {@code experiment}, {@code finding}, {@code criterion} (a
     * mapping from scale to text) and optionally {@code changes:} (each {@code previous}, {@code previous_verdict}, {@code judged_by},
     * {@code reason}).
     *
     * @throws InvalidInputException for a malformed file, a missing field, or one claim registered twice
     */
    public static CriteriaRegistry parse(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new InvalidInputException("criteria.yaml is not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("claims") instanceof List<?> claims)) {
            throw new InvalidInputException("criteria.yaml must be a mapping with a 'claims' list");
        }
        Map<String, RegisteredCriterion> byKey = new LinkedHashMap<>();
        for (Object entry : claims) {
            RegisteredCriterion criterion = criterion(entry);
            String key = key(criterion.experiment(), criterion.finding());
            if (byKey.putIfAbsent(key, criterion) != null) {
                throw new InvalidInputException("criteria.yaml registers the finding '" + criterion.finding()
                        + "' of " + criterion.experiment() + " twice");
            }
        }
        return new CriteriaRegistry(byKey, sha256(yaml));
    }

    private static RegisteredCriterion criterion(Object entry) {
        if (!(entry instanceof Map<?, ?> fields)) {
            throw new InvalidInputException("criteria.yaml: every claim must be a mapping, not " + entry);
        }
        List<CriterionChange> changes = new ArrayList<>();
        Object listed = fields.get("changes");
        if (listed != null) {
            if (!(listed instanceof List<?> list)) {
                throw new InvalidInputException("criteria.yaml: 'changes' must be a list");
            }
            for (Object change : list) {
                if (!(change instanceof Map<?, ?> c)) {
                    throw new InvalidInputException("criteria.yaml: every change must be a mapping");
                }
                String verdict = text(c, "previous_verdict");
                if (!verdict.equals("held") && !verdict.equals("failed")) {
                    throw new InvalidInputException("criteria.yaml: previous_verdict must be held or failed, not '"
                            + verdict + "'");
                }
                changes.add(new CriterionChange(text(c, "previous"), verdict, text(c, "judged_by"),
                        text(c, "reason")));
            }
        }
        return new RegisteredCriterion(text(fields, "experiment"), text(fields, "finding"), criteria(fields), changes);
    }

    /** {@code criterion:} a mapping from scale ({@code smoke}, {@code quick}, {@code full}) to the criterion's text. */
    private static Map<Scale, String> criteria(Map<?, ?> fields) {
        if (!(fields.get("criterion") instanceof Map<?, ?> perScale) || perScale.isEmpty()) {
            throw new InvalidInputException("criteria.yaml: a claim needs a non-empty 'criterion' mapping from scale"
                    + " (smoke, quick, full) to text (in " + fields + ")");
        }
        Map<Scale, String> criteria = new EnumMap<>(Scale.class);
        for (Map.Entry<?, ?> entry : perScale.entrySet()) {
            Scale scale = Arrays.stream(Scale.values()).filter(s -> s.label().equals(entry.getKey())).findFirst()
                    .orElseThrow(() -> new InvalidInputException("criteria.yaml: unknown scale '" + entry.getKey()
                            + "' (smoke, quick or full)"));
            criteria.put(scale, text(perScale, String.valueOf(entry.getKey())));
        }
        return criteria;
    }

    private static String text(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidInputException("criteria.yaml: a claim needs a non-empty '" + name + "' (in " + fields
                    + ")");
        }
        return s.strip();
    }

    private static String key(String experiment, String finding) {
        return experiment + "\u0000" + finding;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The SHA-256 of the registry file, for the report. */
    public String sha256() {
        return sha256;
    }

    /** The registered criteria, in the file's order. */
    public List<RegisteredCriterion> criteria() {
        return List.copyOf(byKey.values());
    }

    /** How {@code claim} of {@code experiment}, run at {@code scale}, stands against the registry. */
    public Registration registrationOf(String experiment, Scale scale, Claim claim) {
        RegisteredCriterion registered = byKey.get(key(experiment, claim.finding()));
        if (registered == null || registered.at(scale).isEmpty()) {
            return new Registration(Registration.Status.NOT_REGISTERED, scale, Optional.ofNullable(registered));
        }
        if (!registered.at(scale).get().equals(claim.criterion().strip())) {
            return new Registration(Registration.Status.DIFFERS, scale, Optional.of(registered));
        }
        return new Registration(registered.changes().isEmpty() ? Registration.Status.REGISTERED
                : Registration.Status.CHANGED_AFTER_A_RUN, scale, Optional.of(registered));
    }
}
