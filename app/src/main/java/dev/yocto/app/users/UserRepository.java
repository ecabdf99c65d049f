package dev.yocto.app.users;

import dev.yocto.app.db.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Users in PostgreSQL. Usernames and emails are unique regardless of case. */
public final class UserRepository {

    /** A user with the hash needed to check a password. */
    public record Credentials(User user, String passwordHash) {
    }

    private final DataSource dataSource;

    public UserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What an insert found. */
    public enum Insert { CREATED, USERNAME_TAKEN, EMAIL_TAKEN }

    public Insert insert(User user, String passwordHash) {
        String sql = "INSERT INTO users (id, username, email, password_hash, bio) VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, user.id());
            s.setString(2, user.username());
            s.setString(3, user.email());
            s.setString(4, passwordHash);
            s.setString(5, user.bio());
            s.executeUpdate();
            return Insert.CREATED;
        } catch (SQLException e) {
            if (SqlFailure.isUniqueViolation(e)) {
                // PostgreSQL names one violated index; the username is asked about separately.
                return usernameTaken(user.username()) ? Insert.USERNAME_TAKEN : Insert.EMAIL_TAKEN;
            }
            throw new SqlFailure("insert user", e);
        }
    }

    public boolean usernameTaken(String username) {
        String sql = "SELECT 1 FROM users WHERE lower(username) = lower(?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new SqlFailure("find username", e);
        }
    }

    public Optional<Credentials> findCredentials(String username) {
        String sql = "SELECT id, username, email, bio, password_hash FROM users WHERE lower(username) = lower(?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Credentials(user(r), r.getString("password_hash"))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SqlFailure("find user", e);
        }
    }

    public Optional<User> findById(UUID id) {
        String sql = "SELECT id, username, email, bio FROM users WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SqlFailure("find user", e);
        }
    }

    public Optional<User> updateBio(UUID id, String bio) {
        String sql = "UPDATE users SET bio = ? WHERE id = ? RETURNING id, username, email, bio";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, bio);
            s.setObject(2, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SqlFailure("update bio", e);
        }
    }

    private static User user(ResultSet r) throws SQLException {
        return new User(r.getObject("id", UUID.class), r.getString("username"), r.getString("email"), r.getString("bio"));
    }
}
