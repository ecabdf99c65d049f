package dev.yocto.app.users;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A registered user as the API shows it (never the password hash). */
public record User(UUID id, String username, String email, String bio) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("username", username);
        json.put("email", email);
        json.put("bio", bio);
        return json;
    }
}
