package dev.yocto.app.db;

import java.sql.SQLException;

/** A database call failed; carries no SQL text or values into responses. */
public final class SqlFailure extends RuntimeException {

    public SqlFailure(String what, SQLException cause) {
        super(what + " failed (SQLState " + cause.getSQLState() + ")", cause);
    }

    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
