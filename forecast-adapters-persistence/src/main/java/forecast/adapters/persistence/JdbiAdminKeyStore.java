package forecast.adapters.persistence;

import forecast.domain.access.AdminKeyStore;
import forecast.domain.access.StoredKey;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The stored admin key hashes in the table {@code admin_key} of {@code db/V10__replicas.sql}. The
 * name is the primary key, so of two processes adding one name at once, the second's insert fails
 * and it then finds the first's key.
 */
final class JdbiAdminKeyStore implements AdminKeyStore {
    private static final int ATTEMPTS = 5;

    private final Jdbi jdbi;

    JdbiAdminKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<StoredKey> keys() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, hash, created_at FROM admin_key ORDER BY created_at, name")
                .map((rs, ctx) -> new StoredKey(rs.getString("name"), rs.getString("hash"), Sql.instant(rs, "created_at")))
                .list());
    }

    @Override
    public boolean addIfAbsent(StoredKey key) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(h -> {
                    if (h.createQuery("SELECT COUNT(*) FROM admin_key WHERE name = :name").bind("name", key.name()).mapTo(Integer.class).one() > 0)
                        return false;
                    h.createUpdate("INSERT INTO admin_key (name, hash, created_at) VALUES (:name, :hash, :at)")
                            .bind("name", key.name()).bind("hash", key.hash()).bind("at", Sql.utc(key.createdAt())).execute();
                    return true;
                });
            } catch (JdbiException e) {
                // another process stored the name between the check and the insert: the check now finds it
                if (!Sql.isConflict(e) || attempt == ATTEMPTS) throw e;
            }
        }
    }
}
