package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The clearing CronJob, which runs one `clearing-run` pass per schedule tick. */
public class ClearingSpec {

    /** How a clearing pass picks what to cancel. */
    public enum Mode {
        @JsonProperty("cycles")
        CYCLES("cycles"),
        @JsonProperty("optimal")
        OPTIMAL("optimal");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    @Pattern(Cron.PATTERN)
    @JsonPropertyDescription("Cron schedule (5 fields, or @hourly/@daily...). Default: */5 * * * *.")
    private String schedule = "*/5 * * * *";

    @JsonPropertyDescription("CLEARING_MODE: cycles (cycle by cycle) or optimal (minimum-cost set-off). "
            + "Default: cycles.")
    private Mode mode = Mode.CYCLES;

    @JsonPropertyDescription("Pause the clearing CronJob without deleting it. Default: false.")
    private Boolean suspend = false;

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }
}
