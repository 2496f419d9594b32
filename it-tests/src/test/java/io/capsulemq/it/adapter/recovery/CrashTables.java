package io.capsulemq.it.adapter.recovery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The crash test's tables, in the H2 file database of the server's global XA pool. */
@Singleton
@Startup
public class CrashTables {
    @Resource(lookup = "jdbc/capsule-crash")
    private DataSource db;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void create() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists orders (id varchar(64) primary key)");
            s.execute("create table if not exists deliveries (message_id varchar(64), order_id varchar(64))");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
