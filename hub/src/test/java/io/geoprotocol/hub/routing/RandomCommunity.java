package io.geoprotocol.hub.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** A small random community kept both in a {@link CreditGraph} and in plain maps, for checking. */
final class RandomCommunity {

    final CreditGraph graph = new CreditGraph("T");
    final List<String> pids = new ArrayList<>();
    final Map<String, Long> limits = new HashMap<>();
    final Set<String> frozen = new HashSet<>();
    final Set<String> noIntermediate = new HashSet<>();
    final Map<String, Set<String>> blocked = new HashMap<>();
    final Set<String> inactive = new HashSet<>();

    RandomCommunity(long seed, int nodes, double lineDensity, boolean withPolicies) {
        Random random = new Random(seed);
        for (int i = 0; i < nodes; i++) {
            pids.add("P" + i);
        }
        for (String from : pids) {
            for (String to : pids) {
                if (!from.equals(to) && random.nextDouble() < lineDensity) {
                    addLine(random, from, to, withPolicies);
                }
            }
        }
        for (String line : new ArrayList<>(limits.keySet())) {
            String[] ends = line.split(">");
            if (random.nextInt(3) == 0 && limits.get(line) > 0) {
                graph.setDebt(ends[1], ends[0], 1 + random.nextInt(limits.get(line).intValue()));
            }
        }
        for (String line : limits.keySet()) {
            String[] ends = line.split(">");
            if (random.nextInt(6) == 0 && graph.hopCapacity(ends[1], ends[0]) > 1) {
                graph.addReservation(ends[1], ends[0], 1);
            }
        }
        if (withPolicies && random.nextInt(3) == 0) {
            String pid = pids.get(random.nextInt(nodes));
            inactive.add(pid);
            graph.setParticipantActive(pid, false);
        }
    }

    private void addLine(Random random, String from, String to, boolean withPolicies) {
        long limit = random.nextInt(60);
        boolean isFrozen = withPolicies && random.nextInt(8) == 0;
        boolean canBeIntermediate = !withPolicies || random.nextInt(6) != 0;
        Set<String> blockedHere = new HashSet<>();
        if (withPolicies && random.nextInt(6) == 0) {
            blockedHere.add(pids.get(random.nextInt(pids.size())));
        }
        String key = from + ">" + to;
        limits.put(key, limit);
        if (isFrozen) {
            frozen.add(key);
        }
        if (!canBeIntermediate) {
            noIntermediate.add(key);
        }
        blocked.put(key, blockedHere);
        LinePolicy policy = new LinePolicy(true, canBeIntermediate, blockedHere);
        graph.upsertLine(from, to, limit, policy, isFrozen ? LineStatus.FROZEN : LineStatus.ACTIVE);
    }

    /** Whether the hop exists for routing regardless of its remaining capacity. */
    boolean hopUsable(String payer, String payee) {
        String credit = payee + ">" + payer;
        String offset = payer + ">" + payee;
        boolean byCredit = limits.containsKey(credit) && !frozen.contains(credit);
        boolean byOffset = graph.debt(payee, payer) > 0 && !frozen.contains(offset);
        return byCredit || byOffset;
    }

    /** Whether a whole path obeys activity, avoid, can_be_intermediate and blocked lists. */
    boolean pathAllowed(List<String> path, Set<String> avoid) {
        String payee = path.get(path.size() - 1);
        List<String> intermediates = path.subList(1, path.size() - 1);
        for (String pid : path) {
            if (inactive.contains(pid)) {
                return false;
            }
        }
        for (String pid : intermediates) {
            if (avoid.contains(pid)) {
                return false;
            }
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            String line = path.get(i + 1) + ">" + path.get(i);
            if (noIntermediate.contains(line) && !path.get(i + 1).equals(payee)) {
                return false;
            }
            for (String pid : blocked.getOrDefault(line, Set.of())) {
                if (intermediates.contains(pid)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every simple path from payer to payee within the hop limit that the policies allow. */
    List<List<String>> allowedPaths(String payer, String payee, int maxHops, Set<String> avoid) {
        List<List<String>> out = new ArrayList<>();
        List<String> path = new ArrayList<>();
        path.add(payer);
        extend(path, payee, maxHops, avoid, out);
        return out;
    }

    private void extend(List<String> path, String payee, int maxHops, Set<String> avoid, List<List<String>> out) {
        String last = path.get(path.size() - 1);
        if (last.equals(payee)) {
            if (pathAllowed(path, avoid)) {
                out.add(List.copyOf(path));
            }
            return;
        }
        if (path.size() - 1 == maxHops) {
            return;
        }
        for (String next : pids) {
            if (!path.contains(next) && hopUsable(last, next)) {
                path.add(next);
                extend(path, payee, maxHops, avoid, out);
                path.remove(path.size() - 1);
            }
        }
    }

    long bottleneck(List<String> path) {
        long width = Long.MAX_VALUE;
        for (int i = 0; i + 1 < path.size(); i++) {
            width = Math.min(width, graph.hopCapacity(path.get(i), path.get(i + 1)));
        }
        return width;
    }
}
