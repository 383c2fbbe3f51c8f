package io.geoprotocol.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geoprotocol.hub.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    @ParameterizedTest
    @CsvSource({
        "postgresql+asyncpg://geo:secret@db.example:6543/geo_hub",
        "postgresql://geo:secret@db.example:6543/geo_hub",
        "postgres://geo:secret@db.example:6543/geo_hub",
        "  POSTGRESQL://geo:secret@db.example:6543/geo_hub  "
    })
    void acceptsTheDeploymentDocumentsSchemes(String raw) {
        DatabaseUrl url = DatabaseUrl.parse(raw);

        assertThat(url.host()).isEqualTo("db.example");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("geo_hub");
        assertThat(url.user()).isEqualTo("geo");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/geo_hub");
    }

    @Test
    void decodesPercentEncodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40er:p%40ss%3Aw%2Frd+x@localhost/geo");

        assertThat(url.user()).isEqualTo("us@er");
        assertThat(url.password()).isEqualTo("p@ss:w/rd+x");
    }

    @Test
    void defaultsPortAndUser() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://localhost/geo");

        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.user()).isEqualTo("postgres");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void keepsSslModeForJdbc() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h:5432/db?sslmode=require&application_name=x");

        assertThat(url.options()).containsEntry("sslmode", "require").containsEntry("application_name", "x");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
    }

    @Test
    void describeNeverShowsThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://u:topsecret@h/db").describe())
                .isEqualTo("postgresql://u@h:5432/db")
                .doesNotContain("topsecret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost:5432/geo | has no scheme",
        "mysql://u:p@h/db | has scheme 'mysql'",
        "postgresql://u:p@h:5432/ | has no database name",
        "postgresql://u:p@h:5432 | has no database name",
        "postgresql:///db | has no host",
        "postgresql://u:p@h o st/db | is not a valid URL"
    })
    void rejectsBrokenUrlsNamingTheSetting(String raw, String problem) {
        assertThatThrownBy(() -> DatabaseUrl.parse(raw))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("DATABASE_URL ")
                .hasMessageContaining(problem);
    }

    @Test
    void anUnknownSslModeIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h/db?sslmode=bogus"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("sslmode 'bogus'")
                .hasMessageContaining("verify-full");
    }
}
