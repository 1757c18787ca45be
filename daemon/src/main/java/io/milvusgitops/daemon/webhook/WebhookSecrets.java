package io.milvusgitops.daemon.webhook;

import io.milvusgitops.daemon.git.Secret;
import java.util.Optional;

/** The secret of each webhook provider the daemon accepts; a provider without a secret is refused. */
public record WebhookSecrets(Optional<Secret> github, Optional<Secret> gitlab, Optional<Secret> gitea, Optional<Secret> genericHmac) {

    public static final WebhookSecrets NONE = new WebhookSecrets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
