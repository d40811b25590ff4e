package bridgepoint.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The secret that signs access tokens, kept in the shared database so that a token issued by one
 * instance is accepted by every other instance without extra setup.
 */
@Entity
@Table(name = "token_key")
public class TokenKey extends PanacheEntityBase {

    @Id
    public short id;

    @Column(nullable = false)
    public byte[] secret;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
