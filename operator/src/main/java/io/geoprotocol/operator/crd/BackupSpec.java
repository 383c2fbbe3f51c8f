package io.geoprotocol.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Scheduled `pg_dump -Fc` backups with retention pruning. */
@ValidationRule(
        value = "!(has(self.enabled) && self.enabled) || has(self.target)",
        message = "backup.enabled needs backup.target (pvc or s3)")
public class BackupSpec {

    public static final String DEFAULT_IMAGE = "docker.io/library/postgres:16";
    public static final String DEFAULT_S3_IMAGE = "docker.io/amazon/aws-cli:2.15.0";
    public static final int DEFAULT_RETENTION_COUNT = 7;

    /** How many dumps to keep: the newest N, or those younger than N days. */
    @ValidationRule(
            value = "!(has(self.count) && has(self.days))",
            message = "set at most one of backup.retention.count or backup.retention.days")
    public static class Retention {

        @Min(1)
        @JsonPropertyDescription("Keep this many newest dumps. Default: 7 when days is not set.")
        private Integer count;

        @Min(1)
        @JsonPropertyDescription("Keep dumps younger than this many days, instead of a count. Default: none.")
        private Integer days;

        public Integer getCount() {
            return count;
        }

        public void setCount(Integer count) {
            this.count = count;
        }

        public Integer getDays() {
            return days;
        }

        public void setDays(Integer days) {
            this.days = days;
        }
    }

    /** Where dumps go: exactly one of pvc or s3. */
    @ValidationRule(
            value = "has(self.pvc) != has(self.s3)",
            message = "set exactly one of backup.target.pvc or backup.target.s3")
    public static class Target {

        @JsonPropertyDescription("Write dumps to an existing PersistentVolumeClaim.")
        private PvcTarget pvc;

        @JsonPropertyDescription("Upload dumps to an S3-compatible bucket.")
        private S3Target s3;

        public PvcTarget getPvc() {
            return pvc;
        }

        public void setPvc(PvcTarget pvc) {
            this.pvc = pvc;
        }

        public S3Target getS3() {
            return s3;
        }

        public void setS3(S3Target s3) {
            this.s3 = s3;
        }
    }

    /** An existing PersistentVolumeClaim; the operator does not create it. */
    public static class PvcTarget {

        @Required
        @JsonPropertyDescription("Name of an existing PersistentVolumeClaim in the GeoHub's namespace. Required.")
        private String claimName;

        public String getClaimName() {
            return claimName;
        }

        public void setClaimName(String claimName) {
            this.claimName = claimName;
        }
    }

    /** An S3-compatible bucket; credentials come from a Secret. */
    public static class S3Target {

        @Required
        @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
        @JsonPropertyDescription("Bucket name. Required.")
        private String bucket;

        @Pattern("^https?://.+$")
        @JsonPropertyDescription("Endpoint URL for S3-compatible stores (MinIO, Ceph...). Default: AWS.")
        private String endpoint;

        @JsonPropertyDescription("Region. Default: us-east-1.")
        private String region = "us-east-1";

        @JsonPropertyDescription("Key prefix inside the bucket. Default: geo-hub/<namespace>/<name>/.")
        private String prefix;

        @Required
        @JsonPropertyDescription("Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Required.")
        private String credentialsSecret;

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getCredentialsSecret() {
            return credentialsSecret;
        }

        public void setCredentialsSecret(String credentialsSecret) {
            this.credentialsSecret = credentialsSecret;
        }
    }

    @JsonPropertyDescription("Run the backup CronJob. Needs target. Default: false.")
    private Boolean enabled = false;

    @Pattern(Cron.PATTERN)
    @JsonPropertyDescription("Cron schedule. Default: 0 3 * * * (03:00 every day, cluster time zone).")
    private String schedule = "0 3 * * *";

    @JsonPropertyDescription("How many dumps to keep. Default: the 7 newest.")
    private Retention retention = new Retention();

    @JsonPropertyDescription("Where dumps go: pvc or s3. Required when enabled.")
    private Target target;

    @JsonPropertyDescription("Image with pg_dump; its major version must be at least the server's. "
            + "Default: docker.io/library/postgres:16.")
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Image with the aws CLI, used for s3 targets. Default: docker.io/amazon/aws-cli:2.15.0.")
    private String s3Image = DEFAULT_S3_IMAGE;

    public boolean active() {
        return Boolean.TRUE.equals(enabled);
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public Retention getRetention() {
        return retention;
    }

    public void setRetention(Retention retention) {
        this.retention = retention;
    }

    public Target getTarget() {
        return target;
    }

    public void setTarget(Target target) {
        this.target = target;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getS3Image() {
        return s3Image;
    }

    public void setS3Image(String s3Image) {
        this.s3Image = s3Image;
    }
}
