package io.geoprotocol.hub.trustlines;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The participants and equivalents a trust line refers to, as far as lines need to know them. */
@Component
class TrustLineDirectory {

    private final DatabaseClient db;

    TrustLineDirectory(DatabaseClient db) {
        this.db = db;
    }

    record Party(String pid, String publicKey, String displayName, String status) {

        boolean isActive() {
            return "active".equals(status);
        }
    }

    record Unit(String code, int precision, boolean active) {
    }

    Mono<Party> participant(String pid) {
        return db.sql("SELECT pid, public_key, display_name, status FROM participants WHERE pid = :pid")
                .bind("pid", pid)
                .map(row -> new Party(
                        row.get("pid", String.class),
                        row.get("public_key", String.class),
                        row.get("display_name", String.class),
                        row.get("status", String.class)))
                .one();
    }

    Mono<Unit> equivalent(String code) {
        return db.sql("SELECT code, precision, is_active FROM equivalents WHERE code = :code")
                .bind("code", code)
                .map(row -> new Unit(
                        row.get("code", String.class),
                        row.get("precision", Short.class),
                        Boolean.TRUE.equals(row.get("is_active", Boolean.class))))
                .one();
    }
}
