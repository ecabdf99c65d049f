package dev.yocto.app.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yocto.app.testing.ApiClient;
import dev.yocto.app.testing.TestBackend;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** 100 per page, newest first, and before/after move through the rest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedPagingTest {

    private static final int IMAGES = 105;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private TestBackend backend;
    private ApiClient api;

    @BeforeAll
    void start(@TempDir Path media) throws Exception {
        backend = TestBackend.dev(media);
        api = backend.api();
        api.signUp("poster", "poster-password");
        try (Connection c = backend.db();
             PreparedStatement owner = c.prepareStatement("SELECT id FROM users WHERE username = 'poster'");
             PreparedStatement insert = c.prepareStatement("INSERT INTO images (id, owner_id, is_public, s3_key,"
                     + " content_type, uploaded, created_at) VALUES (?, ?, ?, ?, 'image/png', true, ?)")) {
            var rs = owner.executeQuery();
            rs.next();
            UUID ownerId = rs.getObject(1, UUID.class);
            for (int i = 0; i < IMAGES; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setObject(2, ownerId);
                insert.setBoolean(3, i % 10 != 9);
                insert.setString(4, "images/" + id);
                insert.setTimestamp(5, Timestamp.from(START.plusSeconds(i)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterAll
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void latest_returns100NewestFirst_andBeforePagesOn() {
        List<Instant> first = createdAt(api.get("/api/v1/feed/latest", api.login("poster", "poster-password")).json());
        assertThat(first).hasSize(100).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(first.get(0)).isEqualTo(START.plusSeconds(IMAGES - 1));

        String before = URLEncoder.encode(first.get(99).toString(), StandardCharsets.UTF_8);
        List<Instant> second = createdAt(api.get("/api/v1/feed/latest?before=" + before,
                api.login("poster", "poster-password")).json());
        assertThat(second).hasSize(IMAGES - 100).allSatisfy(t -> assertThat(t).isBefore(first.get(99)));
    }

    @Test
    void anonymous_seesOnlyPublic_andAfterBounds() {
        List<Instant> all = createdAt(api.get("/api/v1/feed/latest", null).json());
        assertThat(all).as("95 public of 105").hasSize(95).doesNotContain(START.plusSeconds(9), START.plusSeconds(99));
        String after = URLEncoder.encode(START.plusSeconds(100).toString(), StandardCharsets.UTF_8);
        assertThat(createdAt(api.get("/api/v1/feed/latest?after=" + after, null).json()))
                .containsExactly(START.plusSeconds(104), START.plusSeconds(103), START.plusSeconds(102),
                        START.plusSeconds(101));
    }

    private static List<Instant> createdAt(JsonNode feed) {
        assertThat(feed.path("count").asInt()).isEqualTo(feed.path("results").size());
        List<Instant> times = new ArrayList<>();
        feed.path("results").forEach(r -> times.add(Instant.parse(r.path("created_at").asText())));
        return times;
    }
}
