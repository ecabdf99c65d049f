package dev.yocto.app.images;

import dev.yocto.app.db.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Images in PostgreSQL, and the two feed queries (served by the partial indexes of V1). */
public final class ImageRepository {

    public static final int PAGE_SIZE = 100;
    private static final String COLUMNS = "id, owner_id, is_public, s3_key, content_type, uploaded, created_at";

    /** Which page of a feed: strictly older than {@code before}, strictly newer than {@code after}. */
    public record Window(Optional<Instant> before, Optional<Instant> after) {
    }

    private final DataSource dataSource;

    public ImageRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Image image) {
        String sql = "INSERT INTO images (id, owner_id, is_public, s3_key, content_type, uploaded)"
                + " VALUES (?, ?, ?, ?, ?, false)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, image.id());
            s.setObject(2, image.ownerId());
            s.setBoolean(3, image.isPublic());
            s.setString(4, image.key());
            s.setString(5, image.contentType());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure("insert image", e);
        }
    }

    public Optional<Image> find(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM images WHERE id = ?")) {
            s.setObject(1, id);
            List<Image> found = read(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        } catch (SQLException e) {
            throw new SqlFailure("find image", e);
        }
    }

    public void markUploaded(UUID id, String contentType) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE images SET uploaded = true, content_type = ? WHERE id = ?")) {
            s.setString(1, contentType);
            s.setObject(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure("mark image uploaded", e);
        }
    }

    /** Public images plus the caller's own private ones, newest first. */
    public List<Image> latest(Optional<UUID> caller, Window window) {
        String visibility = caller.isPresent()
                ? "(is_public OR owner_id = ?)"
                : "is_public";
        return page("uploaded AND " + visibility, caller, window);
    }

    /** One creator's images that the caller may see, newest first. */
    public List<Image> byOwner(UUID owner, Optional<UUID> caller, Window window) {
        boolean own = caller.filter(owner::equals).isPresent();
        String where = "uploaded AND owner_id = ?" + (own ? "" : " AND is_public");
        return page(where, Optional.of(owner), window);
    }

    private List<Image> page(String where, Optional<UUID> parameter, Window window) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM images WHERE " + where);
        window.before().ifPresent(b -> sql.append(" AND created_at < ?"));
        window.after().ifPresent(a -> sql.append(" AND created_at > ?"));
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(PAGE_SIZE);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (parameter.isPresent()) {
                s.setObject(i++, parameter.get());
            }
            if (window.before().isPresent()) {
                s.setTimestamp(i++, Timestamp.from(window.before().get()));
            }
            if (window.after().isPresent()) {
                s.setTimestamp(i, Timestamp.from(window.after().get()));
            }
            return read(s);
        } catch (SQLException e) {
            throw new SqlFailure("read feed", e);
        }
    }

    private static List<Image> read(PreparedStatement s) throws SQLException {
        List<Image> images = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                images.add(new Image(r.getObject("id", UUID.class), r.getObject("owner_id", UUID.class),
                        r.getBoolean("is_public"), r.getString("s3_key"), r.getString("content_type"),
                        r.getBoolean("uploaded"), r.getTimestamp("created_at").toInstant()));
            }
        }
        return images;
    }
}
