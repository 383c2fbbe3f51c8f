-- The whole GEO Hub domain. Constraints here are the last line of defence for the
-- invariants the services maintain: positive debts, one live line per triple, no self lines.

CREATE TABLE equivalents (
    code        VARCHAR(16)  PRIMARY KEY CHECK (code ~ '^[A-Z0-9_]{1,16}$'),
    symbol      VARCHAR(16),
    description TEXT,
    precision   SMALLINT     NOT NULL CHECK (precision BETWEEN 0 AND 8),
    metadata    JSONB,
    is_active   BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE participants (
    pid                VARCHAR(64)  PRIMARY KEY,
    public_key         VARCHAR(64)  NOT NULL UNIQUE,
    display_name       VARCHAR(200) NOT NULL CHECK (length(btrim(display_name)) > 0),
    type               VARCHAR(16)  NOT NULL DEFAULT 'person'
                       CHECK (type IN ('person', 'business', 'hub')),
    status             VARCHAR(16)  NOT NULL DEFAULT 'active'
                       CHECK (status IN ('active', 'suspended', 'left', 'deleted')),
    verification_level SMALLINT     NOT NULL DEFAULT 0 CHECK (verification_level BETWEEN 0 AND 3),
    profile            JSONB,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX participants_display_name_idx ON participants (lower(display_name));
CREATE INDEX participants_type_idx ON participants (type);

CREATE TABLE trust_lines (
    id                   UUID           PRIMARY KEY,
    from_pid             VARCHAR(64)    NOT NULL REFERENCES participants (pid),
    to_pid               VARCHAR(64)    NOT NULL REFERENCES participants (pid),
    equivalent           VARCHAR(16)    NOT NULL REFERENCES equivalents (code),
    credit_limit         NUMERIC(38, 8) NOT NULL CHECK (credit_limit >= 0),
    auto_clearing        BOOLEAN        NOT NULL DEFAULT TRUE,
    can_be_intermediate  BOOLEAN        NOT NULL DEFAULT TRUE,
    max_hop_usage        INTEGER        CHECK (max_hop_usage IS NULL OR max_hop_usage > 0),
    daily_limit          NUMERIC(38, 8) CHECK (daily_limit IS NULL OR daily_limit >= 0),
    blocked_participants VARCHAR(64)[]  NOT NULL DEFAULT '{}',
    status               VARCHAR(16)    NOT NULL DEFAULT 'active'
                         CHECK (status IN ('active', 'frozen', 'closed')),
    created_at           TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT trust_lines_no_self CHECK (from_pid <> to_pid)
);

-- At most one live (not closed) line per (from, to, equivalent); closed lines stay as history.
CREATE UNIQUE INDEX trust_lines_live_triple_uq
    ON trust_lines (from_pid, to_pid, equivalent) WHERE status <> 'closed';
CREATE INDEX trust_lines_to_idx ON trust_lines (to_pid, equivalent);
CREATE INDEX trust_lines_equivalent_idx ON trust_lines (equivalent) WHERE status <> 'closed';

CREATE TABLE debts (
    debtor     VARCHAR(64)    NOT NULL REFERENCES participants (pid),
    creditor   VARCHAR(64)    NOT NULL REFERENCES participants (pid),
    equivalent VARCHAR(16)    NOT NULL REFERENCES equivalents (code),
    amount     NUMERIC(38, 8) NOT NULL CHECK (amount > 0),
    updated_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    PRIMARY KEY (debtor, creditor, equivalent),
    CONSTRAINT debts_no_self CHECK (debtor <> creditor)
);

CREATE INDEX debts_creditor_idx ON debts (creditor, equivalent);
CREATE INDEX debts_equivalent_idx ON debts (equivalent);

CREATE TABLE transactions (
    id           UUID           PRIMARY KEY,
    tx_id        VARCHAR(64)    NOT NULL UNIQUE CHECK (tx_id ~ '^[A-Za-z0-9._:-]{1,64}$'),
    type         VARCHAR(32)    NOT NULL
                 CHECK (type IN ('PAYMENT', 'CLEARING', 'TRUST_LINE_CREATE', 'TRUST_LINE_UPDATE',
                                 'TRUST_LINE_CLOSE', 'REPAIR')),
    initiator    VARCHAR(64)    REFERENCES participants (pid),
    counterparty VARCHAR(64)    REFERENCES participants (pid),
    equivalent   VARCHAR(16)    REFERENCES equivalents (code),
    amount       NUMERIC(38, 8) CHECK (amount IS NULL OR amount > 0),
    state        VARCHAR(32)    NOT NULL
                 CHECK (state IN ('NEW', 'ROUTED', 'PREPARE_IN_PROGRESS', 'PREPARED',
                                  'COMMITTED', 'ABORTED')),
    payload      JSONB          NOT NULL DEFAULT '{}',
    payload_hash VARCHAR(64),
    routes       JSONB,
    error        JSONB,
    involved     VARCHAR(64)[]  NOT NULL DEFAULT '{}',
    request_id   VARCHAR(128),
    created_at   TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ    NOT NULL DEFAULT now(),
    committed_at TIMESTAMPTZ,
    CONSTRAINT transactions_final_has_time
        CHECK (state <> 'COMMITTED' OR committed_at IS NOT NULL)
);

CREATE INDEX transactions_initiator_idx ON transactions (initiator, created_at DESC);
CREATE INDEX transactions_counterparty_idx ON transactions (counterparty, created_at DESC);
CREATE INDEX transactions_involved_idx ON transactions USING GIN (involved);
CREATE INDEX transactions_unfinished_idx ON transactions (state, updated_at)
    WHERE state NOT IN ('COMMITTED', 'ABORTED');

-- Capacity held by a payment in flight on one hop: payer -> payee in an equivalent.
CREATE TABLE payment_reservations (
    id         UUID           PRIMARY KEY,
    tx_id      VARCHAR(64)    NOT NULL REFERENCES transactions (tx_id) ON DELETE CASCADE,
    payer      VARCHAR(64)    NOT NULL REFERENCES participants (pid),
    payee      VARCHAR(64)    NOT NULL REFERENCES participants (pid),
    equivalent VARCHAR(16)    NOT NULL REFERENCES equivalents (code),
    amount     NUMERIC(38, 8) NOT NULL CHECK (amount > 0),
    expires_at TIMESTAMPTZ    NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT payment_reservations_no_self CHECK (payer <> payee)
);

CREATE INDEX payment_reservations_tx_idx ON payment_reservations (tx_id);
CREATE INDEX payment_reservations_expiry_idx ON payment_reservations (expires_at);
CREATE INDEX payment_reservations_hop_idx ON payment_reservations (equivalent, payer, payee);

CREATE TABLE auth_challenges (
    challenge  VARCHAR(128) PRIMARY KEY,
    pid        VARCHAR(64)  NOT NULL REFERENCES participants (pid) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ  NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX auth_challenges_expiry_idx ON auth_challenges (expires_at);

CREATE TABLE audit_log (
    id           BIGSERIAL    PRIMARY KEY,
    occurred_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor_id     VARCHAR(128),
    actor_role   VARCHAR(32)  NOT NULL,
    action       VARCHAR(64)  NOT NULL,
    object_type  VARCHAR(64),
    object_id    VARCHAR(128),
    reason       TEXT,
    before_state JSONB,
    after_state  JSONB,
    request_id   VARCHAR(128),
    ip_address   VARCHAR(64)
);

CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);

CREATE TABLE integrity_checkpoints (
    id          BIGSERIAL   PRIMARY KEY,
    equivalent  VARCHAR(16) NOT NULL REFERENCES equivalents (code),
    checksum    VARCHAR(64) NOT NULL,
    status      VARCHAR(16) NOT NULL CHECK (status IN ('healthy', 'warning', 'critical')),
    invariants  JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX integrity_checkpoints_equivalent_idx
    ON integrity_checkpoints (equivalent, created_at DESC);

CREATE TABLE integrity_audit_log (
    id                    BIGSERIAL   PRIMARY KEY,
    occurred_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    operation_type        VARCHAR(64) NOT NULL,
    tx_id                 VARCHAR(64),
    equivalent            VARCHAR(16) NOT NULL,
    checksum_before       VARCHAR(64),
    checksum_after        VARCHAR(64),
    affected_participants JSONB       NOT NULL DEFAULT '[]',
    invariants_checked    JSONB       NOT NULL DEFAULT '{}',
    verification_passed   BOOLEAN     NOT NULL,
    error_details         JSONB
);

CREATE INDEX integrity_audit_log_occurred_idx ON integrity_audit_log (occurred_at DESC);

-- Runtime-tunable settings and feature flags written through the admin API.
CREATE TABLE runtime_settings (
    key        VARCHAR(128) PRIMARY KEY,
    value      JSONB        NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by VARCHAR(128)
);
