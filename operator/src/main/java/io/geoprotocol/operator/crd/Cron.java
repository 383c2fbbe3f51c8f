package io.geoprotocol.operator.crd;

/** The shape of a cron schedule the CRD accepts; the API server checks this before the CronJob does. */
final class Cron {

    static final String PATTERN = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
            + "|(\\S+\\s+){4}\\S+)$";

    private Cron() {
    }
}
