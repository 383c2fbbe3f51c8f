package io.geoprotocol.hub.balance;

import io.geoprotocol.hub.balance.BalanceCalculator.EquivalentBalance;
import io.geoprotocol.hub.balance.DebtRepository.DebtEntry;
import io.geoprotocol.hub.money.Amounts;
import io.geoprotocol.hub.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/v1/balance}: the caller's position per equivalent and the debts behind it. */
@RestController
@RequestMapping("/api/v1/balance")
public class BalanceController {

    private static final Pattern EQUIVALENT_CODE = Pattern.compile("^[A-Z0-9_]{1,16}$");

    private final BalanceCalculator calculator;
    private final DebtRepository debts;
    private final DatabaseClient db;

    public BalanceController(BalanceCalculator calculator, DebtRepository debts, DatabaseClient db) {
        this.calculator = calculator;
        this.debts = debts;
        this.db = db;
    }

    public record BalanceEquivalent(String code, String totalDebt, String totalCredit, String netBalance,
            String availableToSpend, String availableToReceive) {

        static BalanceEquivalent of(EquivalentBalance b) {
            int p = b.precision();
            return new BalanceEquivalent(b.code(), Amounts.format(b.totalDebt(), p),
                    Amounts.format(b.totalCredit(), p), Amounts.format(b.netBalance(), p),
                    Amounts.format(b.availableToSpend(), p), Amounts.format(b.availableToReceive(), p));
        }
    }

    public record BalanceSummary(List<BalanceEquivalent> equivalents) {
    }

    public record OutgoingDebt(String creditor, String creditorName, String equivalent, String amount) {
    }

    public record IncomingDebt(String debtor, String debtorName, String equivalent, String amount) {
    }

    public record DebtsDetails(List<OutgoingDebt> outgoing, List<IncomingDebt> incoming) {
    }

    @GetMapping
    public Mono<BalanceSummary> summary(@AuthenticationPrincipal Jwt jwt) {
        return calculator.balances(jwt.getSubject())
                .map(BalanceEquivalent::of)
                .collectList()
                .map(BalanceSummary::new);
    }

    /** Who the caller owes and who owes the caller in one equivalent (required, as the contract says). */
    @GetMapping("/debts")
    public Mono<DebtsDetails> debts(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) String equivalent,
            @RequestParam(required = false) String direction) {
        String pid = jwt.getSubject();
        return Mono.fromCallable(() -> validated(equivalent, direction))
                .flatMap(dir -> equivalentExists(equivalent)
                        .then(Mono.zip(
                                dir.equals("incoming") ? Mono.just(List.<OutgoingDebt>of())
                                        : outgoing(debts.owedBy(pid, equivalent)),
                                dir.equals("outgoing") ? Mono.just(List.<IncomingDebt>of())
                                        : incoming(debts.owedTo(pid, equivalent)))))
                .map(both -> new DebtsDetails(both.getT1(), both.getT2()));
    }

    private static String validated(String equivalent, String direction) {
        if (equivalent == null || !EQUIVALENT_CODE.matcher(equivalent).matches()) {
            throw ApiException.validation("Query parameter equivalent is required: an equivalent code such as \"UAH\"",
                    Map.of("field", "equivalent"));
        }
        String dir = direction == null ? "all" : direction;
        if (!List.of("outgoing", "incoming", "all").contains(dir)) {
            throw ApiException.validation("Invalid query parameter direction: must be outgoing, incoming or all",
                    Map.of("field", "direction"));
        }
        return dir;
    }

    private Mono<Void> equivalentExists(String code) {
        return db.sql("SELECT 1 FROM equivalents WHERE code = :code")
                .bind("code", code)
                .map(row -> 1)
                .one()
                .switchIfEmpty(Mono.error(ApiException.notFound("Equivalent not found: " + code)))
                .then();
    }

    private static Mono<List<OutgoingDebt>> outgoing(Flux<DebtEntry> entries) {
        return entries.map(d -> new OutgoingDebt(d.creditor(), d.creditorName(), d.equivalent(),
                        Amounts.format(d.amount(), d.precision())))
                .collectList();
    }

    private static Mono<List<IncomingDebt>> incoming(Flux<DebtEntry> entries) {
        return entries.map(d -> new IncomingDebt(d.debtor(), d.debtorName(), d.equivalent(),
                        Amounts.format(d.amount(), d.precision())))
                .collectList();
    }
}
