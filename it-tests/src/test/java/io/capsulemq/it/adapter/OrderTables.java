package io.capsulemq.it.adapter;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The XA test's database: H2's XA data source (Payara makes an XA pool of it), the tables created at start, and
 * what the tests read back.
 */
@DataSourceDefinition(name = "java:app/jdbc/capsule-it", className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:mem:capsule-it;DB_CLOSE_DELAY=-1", user = "sa", password = "")
@Singleton
@Startup
public class OrderTables {
    @Resource(lookup = "java:app/jdbc/capsule-it")
    private DataSource db;

    @PostConstruct
    void create() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists orders (id varchar(64) primary key)");
            s.execute("create table if not exists received (id varchar(64) primary key)");
            s.execute("create table if not exists flaky (id varchar(64), attempt int)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Set<String> ids(String table) throws SQLException {
        if (!Set.of("orders", "received").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        Set<String> ids = new TreeSet<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select id from " + table)) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<Integer> flakyAttempts(String id) throws SQLException {
        List<Integer> attempts = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select attempt from flaky where id = ? order by attempt")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    attempts.add(r.getInt(1));
                }
            }
        }
        return attempts;
    }
}
