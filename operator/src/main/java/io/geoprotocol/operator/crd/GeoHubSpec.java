package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a platform team wants from one hub; the operator fills in every omitted default. */
public class GeoHubSpec {

    @JsonPropertyDescription("Hub container image. Default: ghcr.io/geo-protocol/geo-hub:0.1.0, IfNotPresent.")
    private ImageSpec image = new ImageSpec();

    @Min(0)
    @Max(50)
    @JsonPropertyDescription("Number of hub pods. Default: 2.")
    private Integer replicas = 2;

    @Required
    @JsonPropertyDescription("PostgreSQL connection: host/port/name with credentials from a Secret, "
            + "or urlSecret naming a Secret that holds a full DATABASE_URL. Required.")
    private DatabaseSpec database = new DatabaseSpec();

    @JsonPropertyDescription("Optional Redis for shared rate limits and cross-replica events. Default: disabled.")
    private RedisSpec redis = new RedisSpec();

    @JsonPropertyDescription("JWT secret and admin token. Default: generated once into the Secret <name>-auth.")
    private AuthSpec auth = new AuthSpec();

    @JsonPropertyDescription("Typed hub settings (limits, timers, logging). Each has the hub's documented default.")
    private HubSettings settings = new HubSettings();

    @JsonPropertyDescription("Extra environment variables for the hub container, after the generated ones. "
            + "Default: none.")
    private List<EnvVar> env = new ArrayList<>();

    @JsonPropertyDescription("Scheduled clearing CronJob running `clearing-run`. Default: every 5 minutes, cycles.")
    private ClearingSpec clearing = new ClearingSpec();

    @JsonPropertyDescription("pg_dump backups on a schedule, to a PersistentVolumeClaim or an S3 bucket. "
            + "Default: disabled.")
    private BackupSpec backup = new BackupSpec();

    @JsonPropertyDescription("Prometheus Operator objects, created only when their CRDs exist. Default: off.")
    private MonitoringSpec monitoring = new MonitoringSpec();

    @JsonPropertyDescription("The hub Service. Default: ClusterIP on port 8000.")
    private ServiceSpec service = new ServiceSpec();

    @JsonPropertyDescription("Ingress in front of the Service, WebSocket-friendly for nginx. Default: disabled.")
    private IngressSpec ingress = new IngressSpec();

    @JsonPropertyDescription("CPU and memory for the hub container. Default: requests 100m/256Mi, limit 1Gi memory.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node selector for hub pods. Default: none.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations for hub pods. Default: none.")
    private List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Affinity for hub pods. Default: none.")
    private Affinity affinity;

    @JsonPropertyDescription("Extra annotations on hub pods. Default: none.")
    private Map<String, String> podAnnotations = new LinkedHashMap<>();

    @JsonPropertyDescription("Extra labels on hub pods; they never replace the selector labels. Default: none.")
    private Map<String, String> podLabels = new LinkedHashMap<>();

    @JsonPropertyDescription("PodDisruptionBudget for the hub pods. Default: enabled, maxUnavailable 1.")
    private PodDisruptionBudgetSpec podDisruptionBudget = new PodDisruptionBudgetSpec();

    public ImageSpec getImage() {
        return image;
    }

    public void setImage(ImageSpec image) {
        this.image = image;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public DatabaseSpec getDatabase() {
        return database;
    }

    public void setDatabase(DatabaseSpec database) {
        this.database = database;
    }

    public RedisSpec getRedis() {
        return redis;
    }

    public void setRedis(RedisSpec redis) {
        this.redis = redis;
    }

    public AuthSpec getAuth() {
        return auth;
    }

    public void setAuth(AuthSpec auth) {
        this.auth = auth;
    }

    public HubSettings getSettings() {
        return settings;
    }

    public void setSettings(HubSettings settings) {
        this.settings = settings;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public ClearingSpec getClearing() {
        return clearing;
    }

    public void setClearing(ClearingSpec clearing) {
        this.clearing = clearing;
    }

    public BackupSpec getBackup() {
        return backup;
    }

    public void setBackup(BackupSpec backup) {
        this.backup = backup;
    }

    public MonitoringSpec getMonitoring() {
        return monitoring;
    }

    public void setMonitoring(MonitoringSpec monitoring) {
        this.monitoring = monitoring;
    }

    public ServiceSpec getService() {
        return service;
    }

    public void setService(ServiceSpec service) {
        this.service = service;
    }

    public IngressSpec getIngress() {
        return ingress;
    }

    public void setIngress(IngressSpec ingress) {
        this.ingress = ingress;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public Map<String, String> getPodAnnotations() {
        return podAnnotations;
    }

    public void setPodAnnotations(Map<String, String> podAnnotations) {
        this.podAnnotations = podAnnotations;
    }

    public Map<String, String> getPodLabels() {
        return podLabels;
    }

    public void setPodLabels(Map<String, String> podLabels) {
        this.podLabels = podLabels;
    }

    public PodDisruptionBudgetSpec getPodDisruptionBudget() {
        return podDisruptionBudget;
    }

    public void setPodDisruptionBudget(PodDisruptionBudgetSpec podDisruptionBudget) {
        this.podDisruptionBudget = podDisruptionBudget;
    }
}
