package io.geoprotocol.hub.routing;

import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.payments.Hop;
import io.geoprotocol.hub.payments.PaymentListener;
import io.geoprotocol.hub.payments.PaymentResult;
import io.geoprotocol.hub.payments.RouteFinder;
import io.geoprotocol.hub.trustlines.TrustLineEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One {@link CreditGraph} per equivalent, loaded from the database on first use and kept current
 * by this replica's own payments. Changes made elsewhere (other replicas, admins, line edits) reach
 * it through {@link #refresh}, the periodic reload, or the ledger finding a stale hop: the
 * database stays the truth, and a stale view costs at most a re-route.
 */
@Component
public class GraphRegistry implements RouteFinder, PaymentListener, TrustLineEvents {

    private static final Logger log = LoggerFactory.getLogger(GraphRegistry.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final DatabaseClient db;
    private final Map<String, Entry> graphs = new ConcurrentHashMap<>();

    public GraphRegistry(DatabaseClient db) {
        this.db = db;
    }

    private static final class Entry {
        final CreditGraph graph;
        final int precision;
        volatile boolean stale;

        Entry(CreditGraph graph, int precision) {
            this.graph = graph;
            this.precision = precision;
        }
    }

    @Override
    public Outcome find(Query query) {
        CreditGraph graph = graph(query.equivalent(), query.precision());
        long amount = Amounts.toMinor(query.amount(), query.precision());
        RouteConstraints constraints = new RouteConstraints(query.maxHops(), query.maxPaths(), query.avoid());

        RouteResult result = new Router(graph).route(query.payer(), query.payee(), amount, constraints);
        if (result instanceof RouteResult.Found found) {
            List<io.geoprotocol.hub.payments.Route> routes = new ArrayList<>();
            for (Route route : found.plan().routes()) {
                routes.add(new io.geoprotocol.hub.payments.Route(route.path(),
                        Amounts.fromMinor(route.amount(), query.precision())));
            }
            return new Found(routes);
        }

        RouteResult.Failed failed = (RouteResult.Failed) result;
        if (failed.reason() == RouteFailure.INSUFFICIENT_CAPACITY) {
            return new Insufficient(Amounts.fromMinor(failed.maxAvailable(), query.precision()));
        }
        return new NoRoute();
    }

    /** The graph of an equivalent as this replica sees it, loading or reloading it when needed. */
    public CreditGraph graph(String equivalent, int precision) {
        Entry entry = graphs.get(equivalent);
        if (entry == null || entry.stale || entry.precision != precision) {
            entry = graphs.compute(equivalent, (eq, current) ->
                    current != null && !current.stale && current.precision == precision
                            ? current : load(eq, precision));
        }
        return entry.graph;
    }

    @Override
    public void refresh(String equivalent) {
        Entry entry = graphs.get(equivalent);
        if (entry != null) {
            entry.stale = true;
        }
    }

    /**
     * A participant was frozen, banned or restored: every loaded view stops (or resumes) routing
     * to, from and through them at once.
     */
    public void participantStatusChanged(String pid, boolean isActive) {
        for (String equivalent : graphs.keySet()) {
            withGraph(equivalent, (graph, precision) -> graph.setParticipantActive(pid, isActive));
        }
    }

    /** Drops every view; the next payment of each equivalent reloads it. */
    public void refreshAll() {
        graphs.values().forEach(e -> e.stale = true);
    }

    /** Changes made by other replicas and by admins reach this view at least this often. */
    @Scheduled(fixedDelayString = "${GRAPH_REFRESH_SECONDS:30}", timeUnit = java.util.concurrent.TimeUnit.SECONDS)
    void periodicRefresh() {
        refreshAll();
    }

    @Override
    public void reserved(String equivalent, Map<Hop, BigDecimal> flows) {
        withGraph(equivalent, (graph, precision) -> flows.forEach((hop, amount) ->
                graph.addReservation(hop.payer(), hop.payee(), Amounts.toMinor(amount, precision))));
    }

    @Override
    public void released(String equivalent, Map<Hop, BigDecimal> flows) {
        withGraph(equivalent, (graph, precision) -> flows.forEach((hop, amount) -> {
            long minor = Amounts.toMinor(amount, precision);
            if (graph.reserved(hop.payer(), hop.payee()) >= minor) {
                graph.releaseReservation(hop.payer(), hop.payee(), minor);
            }
        }));
    }

    @Override
    public void committed(PaymentResult result, Map<Hop, BigDecimal> newDebts) {
        withGraph(result.equivalent(), (graph, precision) -> newDebts.forEach((debt, amount) ->
                graph.setDebt(debt.payer(), debt.payee(), Amounts.toMinor(amount, precision))));
    }

    /** Brings one line of a loaded view up to date with the database, off the request's thread. */
    @Override
    public void lineChanged(String equivalent, UUID lineId) {
        Entry entry = graphs.get(equivalent);
        if (entry == null || entry.stale) {
            return;
        }
        db.sql("""
                        SELECT from_pid, to_pid, credit_limit, status, auto_clearing, can_be_intermediate,
                               blocked_participants
                        FROM trust_lines WHERE id = :id""")
                .bind("id", lineId)
                .map((row, meta) -> {
                    withGraph(equivalent, (graph, precision) -> applyLine(graph, precision, row));
                    return 1;
                })
                .all()
                .subscribe(n -> { }, e -> refresh(equivalent));
    }

    private static void applyLine(CreditGraph graph, int precision, io.r2dbc.spi.Readable row) {
        String from = row.get("from_pid", String.class);
        String to = row.get("to_pid", String.class);
        String status = row.get("status", String.class);
        if ("closed".equals(status)) {
            graph.removeLine(from, to);
            return;
        }

        String[] blocked = row.get("blocked_participants", String[].class);
        LinePolicy policy = new LinePolicy(
                Boolean.TRUE.equals(row.get("auto_clearing", Boolean.class)),
                Boolean.TRUE.equals(row.get("can_be_intermediate", Boolean.class)),
                blocked == null ? Set.of() : Set.of(blocked));
        graph.upsertLine(from, to, Amounts.toMinor(row.get("credit_limit", BigDecimal.class), precision), policy,
                "frozen".equals(status) ? LineStatus.FROZEN : LineStatus.ACTIVE);
    }

    private interface GraphChange {
        void apply(CreditGraph graph, int precision);
    }

    /** Applies a change to a loaded view; if it does not fit the view, the view is reloaded later. */
    private void withGraph(String equivalent, GraphChange change) {
        Entry entry = graphs.get(equivalent);
        if (entry == null || entry.stale) {
            return;
        }
        try {
            change.apply(entry.graph, entry.precision);
        } catch (RuntimeException e) {
            entry.stale = true;
            log.debug("event=graph_view_stale equivalent={} reason=\"{}\"", equivalent, e.getMessage());
        }
    }

    private Entry load(String equivalent, int precision) {
        long started = System.nanoTime();
        CreditGraph graph = new CreditGraph(equivalent);

        db.sql("""
                        SELECT from_pid, to_pid, credit_limit, status, auto_clearing, can_be_intermediate,
                               blocked_participants
                        FROM trust_lines WHERE equivalent = :eq AND status <> 'closed'""")
                .bind("eq", equivalent)
                .map((row, meta) -> {
                    applyLine(graph, precision, row);
                    return 1;
                })
                .all()
                .then()
                .block(LOAD_TIMEOUT);
        db.sql("SELECT debtor, creditor, amount FROM debts WHERE equivalent = :eq")
                .bind("eq", equivalent)
                .map((row, meta) -> {
                    graph.setDebt(row.get("debtor", String.class), row.get("creditor", String.class),
                            Amounts.toMinor(row.get("amount", BigDecimal.class), precision));
                    return 1;
                })
                .all()
                .then()
                .block(LOAD_TIMEOUT);
        db.sql("""
                        SELECT payer, payee, sum(amount) AS amount FROM payment_reservations
                        WHERE equivalent = :eq AND expires_at > now() GROUP BY payer, payee""")
                .bind("eq", equivalent)
                .map((row, meta) -> {
                    graph.addReservation(row.get("payer", String.class), row.get("payee", String.class),
                            Amounts.toMinor(row.get("amount", BigDecimal.class), precision));
                    return 1;
                })
                .all()
                .then()
                .block(LOAD_TIMEOUT);
        db.sql("""
                        SELECT p.pid FROM participants p WHERE p.status <> 'active' AND EXISTS (
                            SELECT 1 FROM trust_lines t WHERE t.equivalent = :eq AND t.status <> 'closed'
                              AND (t.from_pid = p.pid OR t.to_pid = p.pid))""")
                .bind("eq", equivalent)
                .map((row, meta) -> {
                    graph.setParticipantActive(row.get("pid", String.class), false);
                    return 1;
                })
                .all()
                .then()
                .block(LOAD_TIMEOUT);

        log.info("event=graph_loaded equivalent={} participants={} lines={} duration_ms={}", equivalent,
                graph.participantCount(), graph.lineCount(), (System.nanoTime() - started) / 1_000_000);
        return new Entry(graph, precision);
    }
}
