package io.geoprotocol.hub.payments;

import io.geoprotocol.hub.config.RuntimeSettings;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.routing.Bottleneck;
import io.geoprotocol.hub.routing.CapacityCheck;
import io.geoprotocol.hub.routing.CreditGraph;
import io.geoprotocol.hub.routing.GraphRegistry;
import io.geoprotocol.hub.routing.MaxFlow;
import io.geoprotocol.hub.routing.MaxFlowResult;
import io.geoprotocol.hub.routing.RouteConstraints;
import io.geoprotocol.hub.web.ApiException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Answers "how much could I pay" questions from the routing graph, without touching the ledger. */
@Component
public class PaymentDiagnostics {

    private final GraphRegistry graphs;
    private final DatabaseClient db;
    private final RuntimeSettings runtime;
    private final Clock clock;

    public PaymentDiagnostics(GraphRegistry graphs, DatabaseClient db, RuntimeSettings runtime, Clock clock) {
        this.graphs = graphs;
        this.db = db;
        this.runtime = runtime;
        this.clock = clock;
    }

    Mono<Map<String, Object>> capacity(String payer, String payee, String equivalent, String amountText) {
        return precision(equivalent)
                .flatMap(precision -> {
                    BigDecimal amount = Amounts.positive(amountText, precision, "amount");
                    return Mono.fromCallable(() -> {
                        CreditGraph graph = graphs.graph(equivalent, precision);
                        CapacityCheck check = new MaxFlow(graph).capacity(payer, payee,
                                Amounts.toMinor(amount, precision), constraints());
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("can_pay", check.canPay());
                        body.put("max_amount", Amounts.format(Amounts.fromMinor(check.maxAmount(), precision),
                                precision));
                        body.put("routes_count", check.routesCount());
                        body.put("estimated_hops", check.estimatedHops());
                        return body;
                    }).subscribeOn(Schedulers.boundedElastic());
                });
    }

    Mono<Map<String, Object>> maxFlow(String payer, String payee, String equivalent) {
        return precision(equivalent)
                .flatMap(precision -> Mono.fromCallable(() -> {
                    CreditGraph graph = graphs.graph(equivalent, precision);
                    MaxFlowResult result = new MaxFlow(graph).compute(payer, payee, constraints());

                    List<Map<String, Object>> paths = new ArrayList<>();
                    for (var path : result.paths()) {
                        paths.add(Map.of("path", path.path(),
                                "capacity", format(path.amount(), precision)));
                    }
                    List<Map<String, Object>> bottlenecks = new ArrayList<>();
                    for (Bottleneck b : result.bottlenecks()) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("from", b.from());
                        item.put("to", b.to());
                        item.put("limit", format(b.limit(), precision));
                        item.put("used", format(b.used(), precision));
                        item.put("available", format(b.available(), precision));
                        bottlenecks.add(item);
                    }

                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("max_amount", format(result.maxAmount(), precision));
                    body.put("paths", paths);
                    body.put("bottlenecks", bottlenecks);
                    body.put("algorithm", result.algorithm());
                    body.put("computed_at", clock.instant().toString());
                    return body;
                }).subscribeOn(Schedulers.boundedElastic()));
    }

    private RouteConstraints constraints() {
        return new RouteConstraints(runtime.intValue(RuntimeSettings.MAX_PAYMENT_HOPS), 10, Set.of());
    }

    private static String format(long minor, int precision) {
        return Amounts.format(Amounts.fromMinor(minor, precision), precision);
    }

    private Mono<Integer> precision(String equivalent) {
        return db.sql("SELECT precision FROM equivalents WHERE code = :code AND is_active")
                .bind("code", equivalent)
                .map((row, meta) -> row.get("precision", Integer.class))
                .one()
                .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent " + equivalent + " not found")));
    }
}
