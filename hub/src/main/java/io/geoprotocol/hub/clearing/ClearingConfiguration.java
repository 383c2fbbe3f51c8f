package io.geoprotocol.hub.clearing;

import io.geoprotocol.hub.integrity.IntegrityChecker;
import io.geoprotocol.hub.integrity.IntegrityService;
import io.geoprotocol.hub.integrity.LedgerMetrics;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.payments.Hop;
import io.geoprotocol.hub.payments.PaymentResult;
import io.geoprotocol.hub.routing.GraphRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clearing and integrity services as beans. They are plain classes so the maintenance commands
 * can build the same ones without the web server.
 */
@Configuration(proxyBeanMethods = false)
public class ClearingConfiguration {

    @Bean
    ClearingStore clearingStore(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        return new ClearingStore(db, tx, json);
    }

    @Bean
    ClearingService clearingService(ClearingStore store, LedgerMetrics metrics, GraphRegistry graphs) {
        return new ClearingService(store, metrics, (equivalent, precision, applied) -> {
            Map<Hop, BigDecimal> debts = new LinkedHashMap<>();
            applied.newDebts().forEach((key, amount) ->
                    debts.put(new Hop(key.debtor(), key.creditor()), Amounts.fromMinor(amount, precision)));
            PaymentResult marker = new PaymentResult(applied.txId(), "COMMITTED", null, null, equivalent, null,
                    null, null, null, null);
            graphs.committed(marker, debts);
        });
    }

    @Bean
    IntegrityChecker integrityChecker(DatabaseClient db, JsonMapper json) {
        return new IntegrityChecker(db, json);
    }

    @Bean
    IntegrityService integrityService(IntegrityChecker checker, LedgerMetrics metrics, DatabaseClient db,
            JsonMapper json, Clock clock) {
        return new IntegrityService(checker, metrics, db, json, clock);
    }
}
