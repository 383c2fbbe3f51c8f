package io.geoprotocol.hub.bench;

import io.geoprotocol.hub.clearing.DebtEdge;
import io.geoprotocol.hub.routing.CreditGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated communities for the benchmarks: preferential attachment (each newcomer links to
 * {@code links} earlier participants picked in proportion to their degree), which gives the
 * few very connected hubs and long tail of real trust networks.
 */
final class ScaleFreeCommunity {

    private ScaleFreeCommunity() {
    }

    static String pid(int i) {
        return "P" + i;
    }

    /** Pairs {@code (a, b)} of a preferential-attachment graph, {@code links} per newcomer. */
    static int[][] attachments(int participants, int links, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ends = new int[2 * participants * links];
        int endCount = 0;
        List<int[]> pairs = new ArrayList<>(participants * links);
        for (int v = 1; v < participants; v++) {
            int picks = Math.min(links, v);
            int[] chosen = new int[picks];
            for (int k = 0; k < picks; k++) {
                int u;
                boolean repeat;
                do {
                    u = endCount == 0 ? random.nextInt(v) : ends[random.nextInt(endCount)];
                    repeat = false;
                    for (int j = 0; j < k; j++) {
                        repeat |= chosen[j] == u;
                    }
                } while (repeat);
                chosen[k] = u;
            }
            for (int u : chosen) {
                pairs.add(new int[] {u, v});
                ends[endCount++] = u;
                ends[endCount++] = v;
            }
        }
        return pairs.toArray(new int[0][]);
    }

    /**
     * Trust graph: each attachment is a pair of lines (both trust each other) with limits of
     * 100.00 to 10 000.00 in minor units, and on a third of the pairs a debt within the limit.
     */
    static CreditGraph trustGraph(int participants, int linksPerNewcomer, long seed) {
        int[][] pairs = attachments(participants, linksPerNewcomer, seed);
        CreditGraph graph = new CreditGraph("UAH", participants, pairs.length * 2);
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        for (int[] pair : pairs) {
            String a = pid(pair[0]);
            String b = pid(pair[1]);
            long limitAb = 10_000 + random.nextLong(990_000);
            long limitBa = 10_000 + random.nextLong(990_000);
            graph.upsertLine(a, b, limitAb);
            graph.upsertLine(b, a, limitBa);
            if (random.nextInt(3) == 0) {
                boolean bOwesA = random.nextBoolean();
                long limit = bOwesA ? limitAb : limitBa;
                long debt = 1 + random.nextLong(limit);
                graph.setDebt(bOwesA ? b : a, bOwesA ? a : b, debt);
            }
        }
        return graph;
    }

    /** Debts only: {@code debtsPerNewcomer} per participant, random direction and amount. */
    static List<DebtEdge> debts(int participants, int debtsPerNewcomer, long seed) {
        int[][] pairs = attachments(participants, debtsPerNewcomer, seed);
        SplittableRandom random = new SplittableRandom(seed * 17 + 3);
        List<DebtEdge> debts = new ArrayList<>(pairs.length);
        for (int[] pair : pairs) {
            boolean forward = random.nextBoolean();
            String debtor = pid(forward ? pair[0] : pair[1]);
            String creditor = pid(forward ? pair[1] : pair[0]);
            debts.add(new DebtEdge(debtor, creditor, 100 + random.nextLong(1_000_000), random.nextInt(20) != 0));
        }
        return debts;
    }
}
