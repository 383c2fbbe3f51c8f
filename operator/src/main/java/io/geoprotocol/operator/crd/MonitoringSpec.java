package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prometheus Operator objects; created only where the monitoring.coreos.com CRDs are installed. */
public class MonitoringSpec {

    /** A ServiceMonitor scraping /metrics on the hub Service. */
    public static class ServiceMonitor {

        @JsonPropertyDescription("Create a ServiceMonitor. Default: false.")
        private Boolean enabled = false;

        @Pattern("^([0-9]+(ms|s|m|h))+$")
        @JsonPropertyDescription("Scrape interval. Default: 30s.")
        private String interval = "30s";

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getInterval() {
            return interval;
        }

        public void setInterval(String interval) {
            this.interval = interval;
        }
    }

    /** A PrometheusRule with the hub's alerts. */
    public static class PrometheusRule {

        @JsonPropertyDescription("Create a PrometheusRule with the hub alerts. Default: false.")
        private Boolean enabled = false;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }
    }

    @JsonPropertyDescription("ServiceMonitor settings. Default: disabled.")
    private ServiceMonitor serviceMonitor = new ServiceMonitor();

    @JsonPropertyDescription("PrometheusRule settings. Default: disabled.")
    private PrometheusRule prometheusRule = new PrometheusRule();

    @JsonPropertyDescription("Extra labels on the ServiceMonitor and PrometheusRule, for a Prometheus that selects "
            + "them by label (kube-prometheus-stack: release: <its release name>). Default: none.")
    private Map<String, String> labels = new LinkedHashMap<>();

    public boolean serviceMonitorOn() {
        return serviceMonitor != null && Boolean.TRUE.equals(serviceMonitor.getEnabled());
    }

    public boolean prometheusRuleOn() {
        return prometheusRule != null && Boolean.TRUE.equals(prometheusRule.getEnabled());
    }

    public ServiceMonitor getServiceMonitor() {
        return serviceMonitor;
    }

    public void setServiceMonitor(ServiceMonitor serviceMonitor) {
        this.serviceMonitor = serviceMonitor;
    }

    public PrometheusRule getPrometheusRule() {
        return prometheusRule;
    }

    public void setPrometheusRule(PrometheusRule prometheusRule) {
        this.prometheusRule = prometheusRule;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }
}
