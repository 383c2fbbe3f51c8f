package io.geoprotocol.hub.trustlines;

import io.geoprotocol.hub.crypto.Base58;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the owner of a trust line allows the router to do with it. {@code dailyLimit} is stored
 * and shown but not enforced (the contract calls it informational).
 *
 * <p>Requests carry the policy as a partial JSON object: the keys present replace the current
 * values, the others are kept. Unknown keys and wrong types are refused rather than ignored, so
 * a typo never silently leaves a line more open than its owner meant.
 */
public record TrustLinePolicy(
        boolean autoClearing,
        boolean canBeIntermediate,
        Integer maxHopUsage,
        BigDecimal dailyLimit,
        List<String> blockedParticipants) {

    public static final TrustLinePolicy DEFAULT = new TrustLinePolicy(true, true, null, null, List.of());

    static final Set<String> KEYS = Set.of(
            "auto_clearing", "can_be_intermediate", "max_hop_usage", "daily_limit", "blocked_participants");

    /** A PID is Base58 of 32 bytes; the column holds at most 64 characters. */
    private static final int MAX_PID_LENGTH = 64;

    public TrustLinePolicy {
        blockedParticipants = List.copyOf(blockedParticipants);
    }

    /** True when routes through {@code pid} must not use this line. */
    public boolean blocks(String pid) {
        return blockedParticipants.contains(pid);
    }

    /**
     * This policy with the keys of {@code update} applied. A JSON null resets a key to its default
     * ({@code true} for the two switches, none for the others).
     */
    public TrustLinePolicy merge(JsonNode update, int precision) {
        if (update == null || update.isNull()) {
            return this;
        }
        if (!update.isObject()) {
            throw invalid("policy must be an object", "policy");
        }
        for (String key : update.propertyNames()) {
            if (!KEYS.contains(key)) {
                throw ApiException.validation("Unknown trust line policy key: " + key,
                        Map.of("field", "policy." + key, "allowed", List.copyOf(new TreeSet<>(KEYS))));
            }
        }

        boolean clearing = update.has("auto_clearing")
                ? switchValue(update.get("auto_clearing"), "auto_clearing") : autoClearing;
        boolean intermediate = update.has("can_be_intermediate")
                ? switchValue(update.get("can_be_intermediate"), "can_be_intermediate") : canBeIntermediate;
        Integer hops = update.has("max_hop_usage")
                ? maxHopUsage(update.get("max_hop_usage")) : maxHopUsage;
        BigDecimal daily = update.has("daily_limit")
                ? dailyLimit(update.get("daily_limit"), precision) : dailyLimit;
        List<String> blocked = update.has("blocked_participants")
                ? blocked(update.get("blocked_participants")) : blockedParticipants;
        return new TrustLinePolicy(clearing, intermediate, hops, daily, blocked);
    }

    /** The wire form: every key, with nulls where nothing is set. */
    public ObjectNode toJson(int precision) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("auto_clearing", autoClearing);
        node.put("can_be_intermediate", canBeIntermediate);
        if (maxHopUsage == null) {
            node.putNull("max_hop_usage");
        } else {
            node.put("max_hop_usage", maxHopUsage.intValue());
        }
        if (dailyLimit == null) {
            node.putNull("daily_limit");
        } else {
            node.put("daily_limit", Amounts.format(dailyLimit, precision));
        }
        ArrayNode blocked = node.putArray("blocked_participants");
        blockedParticipants.forEach(blocked::add);
        return node;
    }

    private static boolean switchValue(JsonNode value, String key) {
        if (value.isNull()) {
            return true;
        }
        if (!value.isBoolean()) {
            throw invalid("policy." + key + " must be true or false", "policy." + key);
        }
        return value.booleanValue();
    }

    private static Integer maxHopUsage(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw invalid("policy.max_hop_usage must be a positive integer or null", "policy.max_hop_usage");
        }
        return value.intValue();
    }

    private static BigDecimal dailyLimit(JsonNode value, int precision) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid("policy.daily_limit must be a decimal string such as \"500.00\" or null",
                    "policy.daily_limit");
        }
        return Amounts.nonNegative(value.asString(), precision, "policy.daily_limit");
    }

    private static List<String> blocked(JsonNode value) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid("policy.blocked_participants must be an array of PIDs", "policy.blocked_participants");
        }
        Set<String> pids = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isString() || item.asString().length() > MAX_PID_LENGTH || !Base58.isValid(item.asString())) {
                throw invalid("policy.blocked_participants must contain only PIDs (Base58 strings)",
                        "policy.blocked_participants");
            }
            pids.add(item.asString());
        }
        return new ArrayList<>(pids);
    }

    private static ApiException invalid(String message, String field) {
        return ApiException.validation("Invalid trust line policy: " + message, Map.of("field", field));
    }
}
