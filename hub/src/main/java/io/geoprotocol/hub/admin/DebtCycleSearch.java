package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.money.Amounts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Debt cycles by depth-first search over the current debts, each cycle reported once (from its
 * smallest PID). Bounded by cycle length and count, so it stays cheap on a large community.
 */
class DebtCycleSearch implements CycleSource {

    private final DatabaseClient db;

    DebtCycleSearch(DatabaseClient db) {
        this.db = db;
    }

    private record Debt(String debtor, String creditor, BigDecimal amount, int precision) {
    }

    @Override
    public Mono<List<Cycle>> find(String equivalent, String participantPid, int maxLength, int limit) {
        var spec = db.sql("SELECT d.debtor, d.creditor, d.equivalent, d.amount, e.precision FROM debts d"
                + " JOIN equivalents e ON e.code = d.equivalent"
                + (equivalent == null ? "" : " WHERE d.equivalent = :eq")
                + " ORDER BY d.equivalent, d.debtor, d.creditor");
        if (equivalent != null) {
            spec = spec.bind("eq", equivalent);
        }
        return spec.map((row, meta) -> Map.entry(row.get("equivalent", String.class),
                        new Debt(row.get("debtor", String.class), row.get("creditor", String.class),
                                row.get("amount", BigDecimal.class), row.get("precision", Integer.class))))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .publishOn(Schedulers.boundedElastic())
                .map(byEquivalent -> {
                    List<Cycle> cycles = new ArrayList<>();
                    for (var entry : byEquivalent.entrySet()) {
                        search(entry.getKey(), entry.getValue(), participantPid, maxLength, limit, cycles);
                    }
                    return cycles;
                });
    }

    private static void search(String equivalent, Iterable<Debt> debts, String through, int maxLength, int limit,
            List<Cycle> out) {
        Map<String, List<Debt>> owed = new HashMap<>();
        for (Debt d : debts) {
            owed.computeIfAbsent(d.debtor(), k -> new ArrayList<>()).add(d);
        }
        List<String> starts = new ArrayList<>(owed.keySet());
        starts.sort(null);
        for (String start : starts) {
            if (out.size() >= limit) {
                return;
            }
            walk(equivalent, start, start, owed, new ArrayList<>(), new HashSet<>(), through, maxLength, limit, out);
        }
    }

    private static void walk(String equivalent, String start, String at, Map<String, List<Debt>> owed,
            List<Debt> path, Set<String> seen, String through, int maxLength, int limit, List<Cycle> out) {
        for (Debt d : owed.getOrDefault(at, List.of())) {
            if (out.size() >= limit) {
                return;
            }
            if (d.creditor().equals(start) && path.size() + 1 >= 3) {
                List<Debt> cycle = new ArrayList<>(path);
                cycle.add(d);
                if (through == null || cycle.stream().anyMatch(e -> e.debtor().equals(through))) {
                    out.add(cycle(equivalent, cycle));
                }
                continue;
            }
            if (d.creditor().compareTo(start) <= 0 || seen.contains(d.creditor()) || path.size() + 1 >= maxLength) {
                continue;
            }
            seen.add(d.creditor());
            path.add(d);
            walk(equivalent, start, d.creditor(), owed, path, seen, through, maxLength, limit, out);
            path.remove(path.size() - 1);
            seen.remove(d.creditor());
        }
    }

    private static Cycle cycle(String equivalent, List<Debt> debts) {
        BigDecimal min = debts.stream().map(Debt::amount).min(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        int precision = debts.get(0).precision();
        List<Edge> edges = debts.stream()
                .map(d -> new Edge(d.debtor(), d.creditor(), Amounts.report(d.amount(), precision)))
                .toList();
        return new Cycle(equivalent, edges, Amounts.report(min, precision));
    }
}
