package io.geoprotocol.hub.payments;

import java.time.OffsetDateTime;

/** Filters of the payment history. */
record PaymentQuery(String pid, String direction, String equivalent, String status, OffsetDateTime fromDate,
        OffsetDateTime toDate, int page, int perPage) {
}
