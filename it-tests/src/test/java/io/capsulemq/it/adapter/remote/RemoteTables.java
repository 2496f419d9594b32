package io.capsulemq.it.adapter.remote;

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

/** The remote-mode test's tables, in the H2 database of the server's XA pool. */
@Singleton
@Startup
public class RemoteTables {
    @Resource(lookup = "jdbc/capsule-remote")
    private DataSource db;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void create() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists orders (id varchar(64) primary key)");
            s.execute("create table if not exists received (message_id varchar(64), body varchar(64), "
                    + "tag varchar(64), message_keys varchar(128), color varchar(64), topic varchar(128))");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
