package io.geoprotocol.hub.cli;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Query results as JSON-ready maps (decimals as exact strings, times in ISO-8601, jsonb parsed). */
final class JdbcRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JdbcRows() {
    }

    static List<Map<String, Object>> query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.put(meta.getColumnLabel(col), value(rs.getObject(col), meta.getColumnTypeName(col)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static Object value(Object raw, String type) throws SQLException {
        if (raw == null) {
            return null;
        }
        if (raw instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (raw instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (raw instanceof Array a) {
            return Arrays.asList((Object[]) a.getArray());
        }
        if (type.equals("jsonb") || type.equals("json")) {
            return JSON.readTree(raw.toString());
        }
        if (raw instanceof java.util.UUID || raw instanceof java.sql.Date) {
            return raw.toString();
        }
        return raw;
    }
}
