package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.audit.AdminAudit;
import io.geoprotocol.hub.events.EventBus;
import io.geoprotocol.hub.events.HubEvent;
import io.geoprotocol.hub.routing.GraphRegistry;
import io.geoprotocol.hub.web.ApiException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Freeze ({@code suspended}), unfreeze, ban ({@code deleted}) and unban. The status change and
 * its audit row commit together; then every replica's routing graph stops or resumes routing
 * through the participant, and the payment ledger refuses them meanwhile even on a stale graph.
 */
@Service
public class ParticipantModeration {

    /** An admin action: the statuses it applies to and the one it sets. */
    public enum Action {
        FREEZE("admin.participants.freeze", Set.of("active"), "suspended"),
        UNFREEZE("admin.participants.unfreeze", Set.of("suspended"), "active"),
        BAN("admin.participants.ban", Set.of("active", "suspended", "left"), "deleted"),
        UNBAN("admin.participants.unban", Set.of("deleted"), "active");

        final String audit;
        final Set<String> from;
        final String to;

        Action(String audit, Set<String> from, String to) {
            this.audit = audit;
            this.from = from;
            this.to = to;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ParticipantModeration.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AdminAudit audit;
    private final GraphRegistry graphs;
    private final EventBus bus;

    public ParticipantModeration(DatabaseClient db, TransactionalOperator tx, AdminAudit audit,
            GraphRegistry graphs, EventBus bus) {
        this.db = db;
        this.tx = tx;
        this.audit = audit;
        this.graphs = graphs;
        this.bus = bus;
        bus.onEvent(event -> {
            if (HubEvent.PARTICIPANT_STATUS.equals(event.type())) {
                graphs.participantStatusChanged((String) event.data().get("pid"),
                        "active".equals(event.data().get("status")));
            }
        });
    }

    public record StatusView(String pid, String status) {
    }

    public Mono<StatusView> apply(String pid, Action action, String reason, ServerWebExchange exchange) {
        if (reason == null || reason.isBlank()) {
            return Mono.error(ApiException.validation("reason is required"));
        }
        Mono<StatusView> work = db.sql("SELECT status FROM participants WHERE pid = :pid FOR UPDATE")
                .bind("pid", pid)
                .map((row, meta) -> row.get("status", String.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Participant " + pid + " not found")))
                .flatMap(current -> {
                    if (current.equals(action.to)) {
                        return Mono.just(new StatusView(pid, current));
                    }
                    if (!action.from.contains(current)) {
                        return Mono.error(ApiException.conflict("Participant is " + current + "; cannot "
                                + action.name().toLowerCase(java.util.Locale.ROOT),
                                Map.of("pid", pid, "status", current)));
                    }
                    return db.sql("UPDATE participants SET status = :status, updated_at = now() WHERE pid = :pid")
                            .bind("status", action.to)
                            .bind("pid", pid)
                            .then()
                            .then(audit.record(AdminAudit.Entry.of(exchange, action.audit, "participant", pid,
                                    reason, Map.of("status", current), Map.of("status", action.to))))
                            .thenReturn(new StatusView(pid, action.to));
                });

        return tx.transactional(work)
                .doOnNext(view -> {
                    boolean active = "active".equals(view.status());
                    graphs.participantStatusChanged(pid, active);
                    bus.publish(HubEvent.of(HubEvent.PARTICIPANT_STATUS, Set.of(),
                            Map.of("pid", pid, "status", view.status())));
                    log.info("event=participant_status_changed pid={} status={} action={}", pid, view.status(),
                            action.audit);
                });
    }
}
